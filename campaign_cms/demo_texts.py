"""The demo campaign's content in English, Welsh and French: content an editor writes, so plain text here rather than
translatable strings (the interface around it comes from the catalogues)."""

CAMPAIGN = {
    "en": {
        "index_title": "Campaigns",
        "index_intro": "<p>What we are campaigning for, and how you can help.</p>",
        "title": "Sign my petition: keep the anti-trafficking unit open",
        "intro": "The police commissioner plans to close the specialist unit that finds victims of human trafficking "
        "in our city. Help us change their mind.",
        "why_heading": "Why this unit matters",
        "why": (
            "<p>For six years a team of eleven detectives has worked on one thing: finding people who are "
            "made to work, or sold, against their will. They have visited car washes, nail bars, farms and "
            "flats above takeaways. Last year alone they helped <b>43 people</b> out of exploitation and "
            "brought cases against the people who controlled them.</p>"
            "<p>The commissioner's draft budget folds the unit back into general policing from April. The "
            "detectives would be spread across other teams, and the relationships they have built with "
            "charities, landlords and the people they rescue would go with them.</p>"
        ),
        "petition_heading": "Sign the petition",
        "petition_intro": "Add your name: we will hand every signature to the commissioner before the budget vote.",
        "button_label": "Sign the petition",
        "image_alt": "Bands of red and grey with overlapping circles, the campaign's colours",
        "image_caption": "The campaign's colours, used on leaflets across the city.",
        "quote": (
            "The people we meet do not walk into a police station. They are found, because someone "
            "knew where to look. That knowledge takes years to build and a week to lose."
        ),
        "quote_attribution": "A support worker who has worked alongside the unit since it began",
        "where_heading": "Where the unit works",
        "where": (
            "<p>Trafficking does not stop at force boundaries, and neither does this work. A specialist "
            "team is how a force keeps the skills, the contacts and the memory that this kind of case "
            "needs. We are asking the commissioner to keep it.</p>"
        ),
        "more_label": "Read more campaigns",
    },
    "cy": {
        "index_title": "Ymgyrchoedd",
        "index_intro": "<p>Yr hyn rydym yn ymgyrchu drosto, a sut y gallwch chi helpu.</p>",
        "title": "Llofnodwch fy neiseb: cadwch yr uned gwrth-fasnachu pobl ar agor",
        "intro": "Mae'r comisiynydd heddlu yn bwriadu cau'r uned arbenigol sy'n dod o hyd i ddioddefwyr masnachu pobl "
        "yn ein dinas. Helpwch ni i newid ei feddwl.",
        "why_heading": "Pam mae'r uned hon yn bwysig",
        "why": (
            "<p>Ers chwe blynedd mae tîm o un ditectif ar ddeg wedi gweithio ar un peth: dod o hyd i bobl sy'n cael "
            "eu gorfodi i weithio, neu eu gwerthu, yn erbyn eu hewyllys. Maen nhw wedi ymweld â golchfeydd ceir, "
            "salonau ewinedd, ffermydd a fflatiau uwchben siopau bwyd parod. Y llynedd yn unig fe wnaethon nhw helpu "
            "<b>43 o bobl</b> allan o gamfanteisio, a dwyn achosion yn erbyn y bobl a oedd yn eu rheoli.</p>"
            "<p>Mae cyllideb ddrafft y comisiynydd yn rhoi'r uned yn ôl yn rhan o blismona cyffredinol o fis Ebrill. "
            "Byddai'r ditectifs yn cael eu gwasgaru ar draws timau eraill, a byddai'r berthynas y maen nhw wedi'i "
            "meithrin ag elusennau, landlordiaid a'r bobl y maen nhw'n eu hachub yn mynd gyda nhw.</p>"
        ),
        "petition_heading": "Llofnodwch y ddeiseb",
        "petition_intro": "Ychwanegwch eich enw: byddwn yn rhoi pob llofnod i'r comisiynydd cyn y bleidlais ar y "
        "gyllideb.",
        "button_label": "Llofnodi'r ddeiseb",
        "image_alt": "Bandiau o goch a llwyd gyda chylchoedd sy'n gorgyffwrdd, lliwiau'r ymgyrch",
        "image_caption": "Lliwiau'r ymgyrch, a ddefnyddir ar daflenni ar draws y ddinas.",
        "quote": (
            "Dydy'r bobl rydyn ni'n eu cyfarfod ddim yn cerdded i mewn i orsaf heddlu. Maen nhw'n cael eu "
            "darganfod, oherwydd bod rhywun yn gwybod ble i edrych. Mae'r wybodaeth honno'n cymryd blynyddoedd i'w "
            "meithrin ac wythnos i'w cholli."
        ),
        "quote_attribution": "Gweithiwr cymorth sydd wedi gweithio ochr yn ochr â'r uned ers iddi ddechrau",
        "where_heading": "Ble mae'r uned yn gweithio",
        "where": (
            "<p>Dydy masnachu pobl ddim yn stopio wrth ffiniau heddluoedd, a dydy'r gwaith hwn ddim chwaith. Tîm "
            "arbenigol yw'r ffordd y mae heddlu'n cadw'r sgiliau, y cysylltiadau a'r cof sydd eu hangen ar achosion "
            "fel hyn. Rydym yn gofyn i'r comisiynydd ei gadw.</p>"
        ),
        "more_label": "Darllen rhagor o ymgyrchoedd",
    },
    "fr": {
        "index_title": "Campagnes",
        "index_intro": "<p>Ce pour quoi nous faisons campagne, et comment vous pouvez nous aider.</p>",
        "title": "Signez ma pétition : gardez ouverte l'unité de lutte contre la traite des êtres humains",
        "intro": "Le commissaire de police prévoit de fermer l'unité spécialisée qui retrouve les victimes de la "
        "traite des êtres humains dans notre ville. Aidez-nous à le faire changer d'avis.",
        "why_heading": "Pourquoi cette unité compte",
        "why": (
            "<p>Depuis six ans, une équipe de onze enquêteurs se consacre à une seule chose : retrouver les "
            "personnes contraintes de travailler, ou vendues, contre leur volonté. Ils ont visité des stations de "
            "lavage, des bars à ongles, des fermes et des appartements au-dessus de restaurants à emporter. L'an "
            "dernier, ils ont aidé <b>43 personnes</b> à sortir de l'exploitation et engagé des poursuites contre "
            "celles et ceux qui les contrôlaient.</p>"
            "<p>Le projet de budget du commissaire fond l'unité dans la police générale dès avril. Les enquêteurs "
            "seraient dispersés dans d'autres équipes, et les liens qu'ils ont tissés avec les associations, les "
            "propriétaires et les personnes qu'ils ont secourues disparaîtraient avec eux.</p>"
        ),
        "petition_heading": "Signez la pétition",
        "petition_intro": "Ajoutez votre nom : nous remettrons chaque signature au commissaire avant le vote du "
        "budget.",
        "button_label": "Signer la pétition",
        "image_alt": "Bandes rouges et grises avec des cercles qui se chevauchent, les couleurs de la campagne",
        "image_caption": "Les couleurs de la campagne, utilisées sur les tracts dans toute la ville.",
        "quote": (
            "Les personnes que nous rencontrons n'entrent pas dans un commissariat. On les trouve, parce que "
            "quelqu'un savait où chercher. Ce savoir prend des années à se construire et une semaine à se perdre."
        ),
        "quote_attribution": "Une intervenante sociale qui travaille aux côtés de l'unité depuis ses débuts",
        "where_heading": "Où l'unité intervient",
        "where": (
            "<p>La traite ne s'arrête pas aux limites des circonscriptions de police, et ce travail non plus. Une "
            "équipe spécialisée, c'est ce qui permet à la police de garder les compétences, les contacts et la "
            "mémoire qu'exige ce type d'affaire. Nous demandons au commissaire de la conserver.</p>"
        ),
        "more_label": "Lire d'autres campagnes",
    },
}

# The petition's public texts in Welsh and French; its own fields hold the English.
PETITION = {
    "cy": {
        "title": "Cadwch yr uned gwrth-fasnachu pobl ar agor",
        "target": "Y Comisiynydd Heddlu a Throseddu",
        "ask": (
            "Rydym yn galw ar y comisiynydd i gadw'r uned gwrth-fasnachu pobl arbenigol fel tîm penodol, gyda'i un "
            "ditectif ar ddeg, yng nghyllideb plismona'r flwyddyn nesaf."
        ),
        "consent_text": "Rhowch wybod i mi am yr ymgyrch hon drwy e-bost.",
        "privacy_notice": (
            "Rydym yn defnyddio eich enw a'ch cyfeiriad e-bost i gyfrif a chyflwyno eich llofnod, a dim ond ar gyfer "
            "y ddeiseb hon oni bai eich bod yn cytuno i glywed rhagor. Dydyn ni byth yn dangos eich cyfeiriad e-bost "
            "na'ch cod post yn gyhoeddus."
        ),
        "thank_you_text": "Diolch am lofnodi. Rhannwch y ddeiseb nawr, os gwelwch yn dda.",
    },
    "fr": {
        "title": "Gardez ouverte l'unité de lutte contre la traite des êtres humains",
        "target": "Le commissaire chargé de la police et de la criminalité",
        "ask": (
            "Nous demandons au commissaire de maintenir l'unité spécialisée de lutte contre la traite comme une équipe "
            "à part entière, avec ses onze enquêteurs, dans le budget de la police de l'an prochain."
        ),
        "consent_text": "Je souhaite être tenu au courant de cette campagne par e-mail.",
        "privacy_notice": (
            "Nous utilisons votre nom et votre adresse e-mail pour compter et remettre votre signature, et uniquement "
            "pour cette pétition, sauf si vous acceptez d'en savoir plus. Nous n'affichons jamais publiquement votre "
            "adresse e-mail ni votre code postal."
        ),
        "thank_you_text": "Merci d'avoir signé. Partagez maintenant la pétition.",
    },
}

# (name, text, replies) for each page's own discussion: a heated one in English with three levels of replies, shorter
# ones on the translations.
DISCUSSION = {
    "en": [
        (
            "Margaret Okafor",
            "I volunteer at a women's refuge. Two of the women we housed last year were found by this unit, in a flat "
            "above a takeaway nobody else had looked at twice. Closing it would be a disgrace.",
            [
                (
                    "Dan Whitfield",
                    "With respect, every police budget is full of good causes. Burglaries in my street go "
                    "uninvestigated. Why should eleven detectives be ring-fenced when the rest of us wait?",
                    [
                        (
                            "Margaret Okafor",
                            "Because the victims of this crime cannot report it. Your burglary gets a crime number "
                            "because you can walk into a station. They can't.",
                            [
                                (
                                    "Priya Shah",
                                    "This. The unit's own figures show most cases start from their visits, not from "
                                    "calls: https://example.org/unit-annual-report",
                                    [],
                                )
                            ],
                        )
                    ],
                ),
                ("Tom Reilly", "Signed, and shared with my union branch.", []),
            ],
        ),
        (
            "Gareth Lewis",
            "Folding the team into general policing doesn't mean the work stops. Isn't this a bit of a scare campaign?",
            [
                (
                    "Sophie Martin",
                    "It means the work stops being anyone's job. I've seen it happen with the economic crime team: "
                    "within a year nobody remembered the contacts.",
                    [("Gareth Lewis", "Fair point. I hadn't heard about the economic crime team.", [])],
                )
            ],
        ),
        ("Kerry-Ann Bailey", "Wrote to the commissioner today. Took five minutes. Do it!", []),
    ],
    "cy": [
        (
            "Siân Roberts",
            "Rwy'n gwirfoddoli mewn lloches i fenywod. Cafodd dwy o'r menywod y buon ni'n eu cartrefu y llynedd eu "
            "darganfod gan yr uned hon.",
            [
                (
                    "Huw Jenkins",
                    "Ond mae pob cyllideb heddlu yn llawn achosion da. Pam y dylai'r tîm hwn gael ei ddiogelu?",
                    [
                        (
                            "Siân Roberts",
                            "Am na all dioddefwyr y drosedd hon roi gwybod amdani. Mae'n rhaid i rywun fynd i chwilio "
                            "amdanyn nhw.",
                            [],
                        )
                    ],
                )
            ],
        ),
        ("Elin Davies", "Wedi llofnodi, ac wedi rhannu gyda fy nghangen o'r undeb.", []),
    ],
    "fr": [
        (
            "Claire Moreau",
            "Je suis bénévole dans une association d'aide aux victimes. Sans cette unité, plusieurs des femmes que "
            "nous accompagnons n'auraient jamais été retrouvées.",
            [
                (
                    "Julien Petit",
                    "Je comprends, mais le budget est limité. Pourquoi protéger cette équipe plutôt qu'une autre ?",
                    [
                        (
                            "Claire Moreau",
                            "Parce que ces victimes ne peuvent pas porter plainte elles-mêmes. Il faut que quelqu'un "
                            "aille les chercher.",
                            [],
                        )
                    ],
                )
            ],
        ),
        ("Amadou Diallo", "Signé et partagé avec mon association de quartier.", []),
    ],
}
# Waits for a moderator on the English page.
HELD_COMMENT = (
    "Ray Dunmore",
    "Typical. Save money somewhere useful for once: https://example.org/a and https://example.org/b",
)
