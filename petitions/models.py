"""Petitions, their signatures and the sharded counters that make the public count exact and cheap to read."""

import copy
import functools
import random

from django.conf import settings
from django.core.cache import cache
from django.core.validators import MinValueValidator
from django.db import IntegrityError, connections, models, router, transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.fields import RichTextField
from wagtail.search import index

from campaign_common.fields import optional_image

from .conf import app_settings


class FieldChoice(models.TextChoices):
    # Translators: whether the signing form asks for a field (postcode, country, comment).
    HIDDEN = "hidden", _("Don't ask")
    OPTIONAL = "optional", _("Optional")
    REQUIRED = "required", _("Required")


class PetitionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Not open yet")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class PetitionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def closed(self, now=None):
        now = now or timezone.now()
        return self.published().filter(Q(is_closed=True) | Q(closes_at__lte=now))

    def not_closed(self, now=None):
        now = now or timezone.now()
        return self.published().filter(is_closed=False).filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))

    def open(self, now=None):
        now = now or timezone.now()
        return self.not_closed(now).filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now))

    def scheduled(self, now=None):
        now = now or timezone.now()
        return self.not_closed(now).filter(opens_at__gt=now)

    def with_status(self, status, now=None):
        if status == PetitionStatus.DRAFT:
            return self.filter(is_published=False)
        return {
            PetitionStatus.SCHEDULED: self.scheduled,
            PetitionStatus.OPEN: self.open,
            PetitionStatus.CLOSED: self.closed,
        }[status](now)

    def ended_before(self, moment):
        """Petitions closed (by hand or by their closing date) at or before `moment`."""
        return self.filter(Q(closed_at__lte=moment) | Q(closes_at__lte=moment))

    def with_signature_count(self):
        """Annotate `confirmed_count` from the counter shards (one query for a whole listing)."""
        return self.annotate(confirmed_count=Coalesce(Sum("counters__count"), 0))


def _petition_cache_key(pk):
    return f"petitions:petition:{pk}"


# The defaults of a petition's public texts: the editor's starting point, in the language active when the petition is
# created (functions, so that the stored text is plain text in that language).
def default_consent_text():
    return gettext("Keep me informed about this campaign by e-mail.")


def default_privacy_notice():
    return gettext(
        "We use your name and e-mail address to count and deliver your signature, and only for this petition "
        "unless you agree to hear more. We never show your e-mail address or postcode publicly."
    )


def default_thank_you_text():
    return gettext("Thank you for signing. Now please share the petition.")


class PetitionManager(models.Manager.from_queryset(PetitionQuerySet)):
    def get_published(self, pk):
        """The published petition with this primary key, or None.

        Every signature and view of a petition needs its settings, so they are read from the shared cache, where
        they are kept for PETITIONS_CACHE_SECONDS.
        Saving or deleting a petition clears its entry (`petition_changed`), so a change applies at once; the
        timeout bounds how late it can apply when a reader cached the old row while the change committed, or the
        cache was unreachable when it was saved. Opening and closing dates need no clearing: the status is
        worked out from them on every request.
        """
        timeout = app_settings.CACHE_SECONDS
        key = _petition_cache_key(pk)
        petition = cache.get(key) if timeout else None
        if petition is None:
            # With its translations: showing it in any language (Petition.in_language) then asks the database nothing.
            petition = self.published().prefetch_related("translations").filter(pk=pk).first()
            if petition is not None and timeout:
                cache.set(key, petition, timeout)
        return petition


# The petition's public texts, which PetitionTranslation gives in other languages.
TRANSLATED_FIELDS = ("title", "target", "ask", "consent_text", "privacy_notice", "thank_you_text")


class Petition(index.Indexed, ClusterableModel):
    """A petition to a named target; shown on pages through PetitionBlock and signed through the app's views.

    Its own texts are in the site's default language (LANGUAGE_CODE); `translations` give them in others, and
    `in_language` shows it in one. Signatures and the count are the petition's, whatever the language.
    Indexed by Wagtail's search (title and target) so that editors can search for it in the petition chooser.
    """

    title = models.CharField(_("title"), max_length=255)
    target = models.CharField(
        _("target"), max_length=255, help_text=_("Who the petition is addressed to, e.g. a commissioner.")
    )
    ask = models.TextField(_("ask"), help_text=_("What the petition asks for, in a few sentences."))
    goal = models.PositiveIntegerField(_("goal"), default=1000, validators=[MinValueValidator(1)])
    announce_milestones = models.BooleanField(
        _("announce milestones"),
        default=True,
        help_text=_(
            "E-mail the petition's editors when the count reaches 25%, 50%, 75% and 100% of the goal, and each round "
            "number after it (200, 500, 1,000, 2,000 and so on)."
        ),
    )
    raise_goal_when_reached = models.BooleanField(
        _("raise the goal when reached"),
        default=False,
        help_text=_("When the count reaches the goal, raise the goal to the next round number, so it is never full."),
    )
    opens_at = models.DateTimeField(
        _("opens at"), null=True, blank=True, help_text=_("Leave empty to open it at once.")
    )
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True, help_text=_("Leave empty to keep it open."))
    is_published = models.BooleanField(
        _("published"), default=True, help_text=_("Unpublished petitions appear on no page and in no API response.")
    )
    is_closed = models.BooleanField(
        _("closed"), default=False, help_text=_("Close the petition now, whatever its dates.")
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, editable=False)
    requires_confirmation = models.BooleanField(
        _("requires confirmation"),
        default=True,
        help_text=_("Count a signature only once its signer confirms by e-mail."),
    )
    postcode_field = models.CharField(_("postcode"), max_length=10, choices=FieldChoice, default=FieldChoice.HIDDEN)
    country_field = models.CharField(_("country"), max_length=10, choices=FieldChoice, default=FieldChoice.OPTIONAL)
    comment_field = models.CharField(_("comment"), max_length=10, choices=FieldChoice, default=FieldChoice.OPTIONAL)
    consent_text = models.CharField(
        _("consent text"),
        max_length=500,
        default=default_consent_text,
        help_text=_("Label of the consent checkbox."),
    )
    consent_required = models.BooleanField(
        _("consent required"), default=False, help_text=_("Refuse signatures without the consent box ticked.")
    )
    privacy_notice = models.TextField(
        _("privacy notice"),
        default=default_privacy_notice,
    )
    thank_you_text = models.TextField(_("thank you text"), default=default_thank_you_text)
    share_image = optional_image(
        _("share image"),
        help_text=_(
            "Shown when the petition's own page is shared on social networks, cropped to 1200×630 around its focal "
            "point. Campaign pages have their own."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PetitionManager()

    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.SearchField("target"),
        index.AutocompleteField("target"),
    ]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")

    def __str__(self):
        return self.title

    def in_language(self, language=None):
        """The petition to show in `language` (by default the active one): a copy whose public texts are those of its
        translation into that language where given, and its own elsewhere. The copy cannot be saved.

        Reads the translations prefetched with it (as Petition.objects.get_published caches it), else in one query.
        """
        language = language or translation.get_language()
        # A copy keeps the petition's own texts, so that showing it in another language starts from them again.
        own_texts = getattr(self, "own_texts", None) or {field: getattr(self, field) for field in TRANSLATED_FIELDS}
        given = next((given for given in self.translations.all() if given.language == language), None)
        shown = copy.copy(self)
        shown.own_texts = own_texts
        for field, own_text in own_texts.items():
            setattr(shown, field, (given and getattr(given, field)) or own_text)
        return shown

    def save(self, **kwargs):
        if hasattr(self, "own_texts"):
            # A copy shown in a language (in_language): its texts may be a translation's, not the petition's own.
            raise TypeError("A petition shown in a language (Petition.in_language) cannot be saved.")
        # Remember when it was closed by hand: retention periods run from then.
        if self.is_closed and self.closed_at is None:
            self.closed_at = timezone.now()
        elif not self.is_closed:
            self.closed_at = None
        if kwargs.get("update_fields") is not None:
            # updated_at is the petition's version, which its panel's cached form fields are keyed by (petition_tags):
            # every save moves it.
            # closed_at goes with is_closed, as set above.
            fields = {*kwargs["update_fields"], "updated_at"}
            kwargs["update_fields"] = fields | {"closed_at"} if "is_closed" in fields else fields
        super().save(**kwargs)

    def get_status(self, now=None):
        now = now or timezone.now()
        if not self.is_published:
            return PetitionStatus.DRAFT
        if self.is_closed or (self.closes_at and self.closes_at <= now):
            return PetitionStatus.CLOSED
        if self.opens_at and self.opens_at > now:
            return PetitionStatus.SCHEDULED
        return PetitionStatus.OPEN

    @property
    def status(self):
        return self.get_status()

    def closed_on(self, now=None):
        """When the petition closed: the earlier of its closing by hand and a closing time that has passed; None
        while it is not closed."""
        now = now or timezone.now()
        moments = [self.closed_at if self.is_closed else None, self.closes_at if self.closes_at else None]
        return min((moment for moment in moments if moment is not None and moment <= now), default=None)

    @property
    def is_open(self):
        return self.status == PetitionStatus.OPEN

    @property
    def collected_fields(self):
        """The optional form fields and whether each is hidden, optional or required."""
        return {"postcode": self.postcode_field, "country": self.country_field, "comment": self.comment_field}

    @property
    def signature_count(self):
        """Confirmed signatures; cached for at most PETITIONS_COUNT_CACHE_SECONDS."""
        if "confirmed_count" in self.__dict__:
            return self.__dict__["confirmed_count"]
        return PetitionCounter.objects.cached_totals([self.pk])[self.pk]

    @property
    def progress_percent(self):
        return self.percent_of_goal(self.signature_count)

    def percent_of_goal(self, count):
        return min(100, round(100 * count / self.goal)) if self.goal else 100

    def _cached_stats(self, name, compute):
        key = f"petitions:stats:{name}:{self.pk}"
        value = cache.get(key)
        if value is None:
            value = compute()
            cache.set(key, value, app_settings.STATS_CACHE_SECONDS)
        return value

    def counts_by_country(self):
        """[(country code, confirmed count)], largest first; signers who gave no country are left out."""
        return self._cached_stats(
            "country",
            lambda: list(
                self.signatures.filter(status=SignatureStatus.CONFIRMED)
                .exclude(country="")
                .values_list("country")
                .annotate(count=Count("id"))
                .order_by("-count", "country")
            ),
        )

    def counts_by_share_channel(self):
        """[(share channel, confirmed count)], largest first; "" for signers who came from no shared link."""
        return self._cached_stats(
            "share_channel",
            lambda: list(
                self.signatures.filter(status=SignatureStatus.CONFIRMED)
                .values_list("share_channel")
                .annotate(count=Count("id"))
                .order_by("-count", "share_channel")
            ),
        )

    def counts_by_day(self):
        """[(date, confirmed count)] by day of confirmation (UTC), oldest first."""
        return self._cached_stats(
            "day",
            lambda: list(
                self.signatures.filter(status=SignatureStatus.CONFIRMED, confirmed_at__isnull=False)
                .annotate(day=TruncDate("confirmed_at"))
                .values_list("day")
                .annotate(count=Count("id"))
                .order_by("day")
            ),
        )

    def counts_by_status(self):
        counts = dict(self.signatures.values_list("status").annotate(count=Count("id")).order_by())
        return {status: counts.get(status, 0) for status in SignatureStatus.values}


def translation_languages():
    """The languages a petition's texts can be translated into: the site's LANGUAGES but its default one."""
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


class Translation(models.Model):
    """Texts of a parent (its ParentalKey) in another language than the site's default; an empty text falls back to the
    parent's own. Edited inline with the parent in the admin."""

    language = models.CharField(_("language"), max_length=15, choices=translation_languages)

    # Part of its parent, which the reference index covers.
    wagtail_reference_index_ignore = True

    class Meta:
        abstract = True
        ordering = ["language"]
        verbose_name = _("translation")
        verbose_name_plural = _("translations")

    def __str__(self):
        return f"{self.get_parent_id()}/{self.language}"


class PetitionTranslation(Translation):
    """A petition's public texts in another language."""

    petition = ParentalKey(Petition, on_delete=models.CASCADE, related_name="translations", verbose_name=_("petition"))
    title = models.CharField(_("title"), max_length=255, blank=True)
    target = models.CharField(_("target"), max_length=255, blank=True)
    ask = models.TextField(_("ask"), blank=True)
    consent_text = models.CharField(_("consent text"), max_length=500, blank=True)
    privacy_notice = models.TextField(_("privacy notice"), blank=True)
    thank_you_text = models.TextField(_("thank you text"), blank=True)

    class Meta(Translation.Meta):
        constraints = [
            models.UniqueConstraint(fields=["petition", "language"], name="petitions_one_translation_per_language")
        ]

    def get_parent_id(self):
        return self.petition_id


@receiver(post_save, sender=Petition)
@receiver(post_delete, sender=Petition)
@receiver(post_save, sender=PetitionTranslation)
@receiver(post_delete, sender=PetitionTranslation)
def petition_changed(sender, instance, **kwargs):
    """Clear the petition's cached settings at once, for the rest of this transaction, and again once it commits,
    since other requests may have cached the old row in between. A translation is part of its petition."""
    key = _petition_cache_key(instance.petition_id if sender is PetitionTranslation else instance.pk)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


class SignatureStatus(models.TextChoices):
    PENDING = "pending", _("Pending confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class SignatureSource(models.TextChoices):
    WEB = "web", _("Web form")
    API = "api", _("API")


class ShareChannel(models.TextChoices):
    """Where a signer followed a shared link from: the `source` that petitions.sharing adds to each link."""

    EMAIL = "email", _("E-mail")
    X = "x", "X"
    FACEBOOK = "facebook", "Facebook"
    WHATSAPP = "whatsapp", "WhatsApp"
    COPY = "copy", _("Copied link")
    NATIVE = "native", _("Share sheet")


ONE_SIGNATURE_PER_EMAIL = "petitions_one_signature_per_email"


@functools.cache
def _insert_unless_signed_sql(alias):
    """INSERT INTO petitions_signature (...) VALUES (...) ON CONFLICT (<the one-per-mailbox constraint>) DO NOTHING
    RETURNING id, in the quoting of the database `alias`; built once from the models, so it follows migrations."""
    quote = connections[alias].ops.quote_name
    meta = Signature._meta
    (constraint,) = (constraint for constraint in meta.constraints if constraint.name == ONE_SIGNATURE_PER_EMAIL)
    conflict_columns = [quote(meta.get_field(name).column) for name in constraint.fields]
    columns = [quote(field.column) for field in _inserted_fields()]
    # Names come from the models, quoted; values go as parameters.
    return " ".join(
        [
            f"INSERT INTO {quote(meta.db_table)} ({', '.join(columns)})",
            f"VALUES ({', '.join(['%s'] * len(columns))})",
            f"ON CONFLICT ({', '.join(conflict_columns)}) DO NOTHING",
            f"RETURNING {quote(meta.pk.column)}",
        ]
    )


def _inserted_fields():
    return [field for field in Signature._meta.concrete_fields if not field.primary_key]


class SignatureManager(models.Manager):
    def insert_unless_signed(self, signature):
        """Store the new `signature` and return True; or store nothing and return False when its mailbox has
        signed the petition already, maybe a moment ago in a concurrent request.

        One INSERT ... ON CONFLICT DO NOTHING (PostgreSQL and SQLite): unlike catching the IntegrityError of a plain
        save, it needs no savepoint and leaves the caller's transaction usable. Sends no pre_save or post_save signal.
        """
        alias = router.db_for_write(Signature)
        connection = connections[alias]
        params = [
            field.get_db_prep_save(field.pre_save(signature, add=True), connection) for field in _inserted_fields()
        ]
        with connection.cursor() as cursor:
            cursor.execute(_insert_unless_signed_sql(alias), params)
            row = cursor.fetchone()
        if row is None:
            return False
        signature.pk = row[0]
        signature._state.adding = False
        signature._state.db = alias
        return True

    def countries_given(self):
        """The codes of the countries that signers gave, for the admin's filter: a scan of every signature, so
        cached for PETITIONS_STATS_CACHE_SECONDS."""
        key = "petitions:stats:countries"
        codes = cache.get(key)
        if codes is None:
            codes = list(self.exclude(country="").order_by().values_list("country", flat=True).distinct())
            cache.set(key, codes, app_settings.STATS_CACHE_SECONDS)
        return codes


def default_language():
    return settings.LANGUAGE_CODE


class Signature(models.Model):
    """One person's signature on one petition; unique per normalised e-mail address. Its `language` is the one the
    signer signed in, which their confirmation e-mail and page speak."""

    # No index of its own: the one-per-mailbox constraint's index starts with the petition. One index less to
    # write with every signature.
    petition = models.ForeignKey(
        Petition, on_delete=models.PROTECT, related_name="signatures", db_index=False, verbose_name=_("petition")
    )
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("email"), max_length=254, blank=True)
    normalised_email = models.CharField(_("normalised email"), max_length=254, editable=False)
    postcode = models.CharField(_("postcode"), max_length=16, blank=True)
    country = CountryField(_("country"), blank=True)
    comment = models.TextField(_("comment"), blank=True)
    consent = models.BooleanField(_("consents to be contacted"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=SignatureStatus, default=SignatureStatus.PENDING)
    created_at = models.DateTimeField(_("signed at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    ip_hash = models.CharField(_("IP hash"), max_length=64, blank=True, editable=False)
    source = models.CharField(_("source"), max_length=10, choices=SignatureSource, default=SignatureSource.WEB)
    share_channel = models.CharField(
        _("share channel"),
        max_length=10,
        choices=ShareChannel,
        blank=True,
        help_text=_("The kind of shared link the signer came from, if any."),
    )
    referrer = models.CharField(
        _("referrer"), max_length=500, blank=True, help_text=_("The page the signature came from.")
    )
    language = models.CharField(_("language"), max_length=15, default=default_language, editable=False)
    confirmation_emails_sent = models.PositiveSmallIntegerField(
        _("confirmation emails sent"), default=0, editable=False
    )
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)
    updates_unsubscribed_at = models.DateTimeField(
        _("unsubscribed from updates at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the signer asked for no more updates on this petition (petitions.updates)."),
    )

    objects = SignatureManager()

    # A signature is not content that refers to its petition: indexing it would enqueue a Wagtail task for every
    # signature and list every signer under the petition's usage.
    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [models.UniqueConstraint(fields=["petition", "normalised_email"], name=ONE_SIGNATURE_PER_EMAIL)]
        indexes = [
            models.Index(fields=["petition", "status", "created_at"], name="petitions_sig_listing"),
            models.Index(fields=["petition", "status", "confirmed_at"], name="petitions_sig_by_day"),
            models.Index(fields=["normalised_email"], name="petitions_sig_email"),
        ]
        permissions = [("export_signature_emails", _("Can include signers' e-mail addresses in delivery files"))]

    def __str__(self):
        return _("%(name)s on %(petition)s") % {"name": self.name, "petition": self.petition}

    @property
    def is_anonymised(self):
        return self.anonymised_at is not None


class PetitionCounterManager(models.Manager):
    def add(self, petition_id, delta):
        """Add `delta` to one random shard, inside the caller's transaction (the confirmation's)."""
        shard = random.randrange(max(1, app_settings.COUNTER_SHARDS))
        if self.filter(petition_id=petition_id, shard=shard).update(count=F("count") + delta):
            return
        try:
            with transaction.atomic():
                self.create(petition_id=petition_id, shard=shard, count=delta)
        except IntegrityError:
            # Another transaction created this shard first; add to its row instead.
            self.filter(petition_id=petition_id, shard=shard).update(count=F("count") + delta)

    def totals(self, petition_ids):
        rows = self.filter(petition_id__in=petition_ids).values_list("petition_id").annotate(total=Sum("count"))
        totals = dict.fromkeys(petition_ids, 0)
        totals.update(rows.order_by())
        return totals

    def cached_totals(self, petition_ids):
        """{petition id: confirmed count} in at most one query, cached for PETITIONS_COUNT_CACHE_SECONDS."""
        keys = {f"petitions:count:{pk}": pk for pk in petition_ids}
        cached = cache.get_many(keys)
        totals = {keys[key]: value for key, value in cached.items()}
        missing = [pk for key, pk in keys.items() if key not in cached]
        if missing:
            fresh = self.totals(missing)
            timeout = app_settings.COUNT_CACHE_SECONDS
            if timeout:
                cache.set_many({f"petitions:count:{pk}": value for pk, value in fresh.items()}, timeout)
            totals.update(fresh)
        return totals


class PetitionCounter(models.Model):
    """One shard of a petition's confirmed-signature count; the count is the sum of its shards."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="counters")
    shard = models.PositiveSmallIntegerField()
    count = models.BigIntegerField(default=0)

    objects = PetitionCounterManager()

    wagtail_reference_index_ignore = True  # bookkeeping, not content (see Signature)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["petition", "shard"], name="petitions_one_row_per_shard")]

    def __str__(self):
        return f"{self.petition_id}/{self.shard}: {self.count}"


class PetitionMilestone(models.Model):
    """A milestone a petition's count reached (petitions.milestones): recorded once, when first reached, and kept
    when signatures are rejected afterwards, so that it is never announced twice."""

    petition = models.ForeignKey(
        Petition, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("petition")
    )
    threshold = models.PositiveBigIntegerField(_("milestone"))
    count_at = models.PositiveBigIntegerField(_("count when reached"))
    reached_at = models.DateTimeField(_("reached at"), default=timezone.now)

    wagtail_reference_index_ignore = True  # bookkeeping, not content (see Signature)

    class Meta:
        ordering = ["threshold"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.UniqueConstraint(fields=["petition", "threshold"], name="petitions_milestone_reached_once")
        ]

    def __str__(self):
        return f"{self.petition_id}: {self.threshold}"


# What an update's body may hold: what renders the same in every mail client. No images, embeds or documents, whose
# addresses are the site's own; links to pages of the site are best given as full addresses (external links).
UPDATE_BODY_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "hr", "link"]


class UpdateState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENDING = "sending", _("Sending")
    PAUSED = "paused", _("Paused")
    SENT = "sent", _("Sent")


class PetitionUpdate(ClusterableModel):
    """An e-mail to a petition's signers who agreed to hear more (petitions.updates sends it). Its subject and body are
    in the site's default language; `translations` give them in others, each signer getting their own language."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="updates", verbose_name=_("petition"))
    subject = models.CharField(_("subject"), max_length=255)
    body = RichTextField(_("body"), features=UPDATE_BODY_FEATURES)
    state = models.CharField(_("state"), max_length=10, choices=UpdateState, default=UpdateState.DRAFT, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("sending started at"), null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("sending finished at"), null=True, blank=True, editable=False)

    wagtail_reference_index_ignore = True  # a message to signers, not content that pages show

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("update to signers")
        verbose_name_plural = _("updates to signers")
        permissions = [("send_petitionupdate", _("Can send updates to a petition's signers"))]

    def __str__(self):
        return self.subject

    def in_language(self, language):
        """(subject, body) in `language`: its translation's where given, the update's own where not."""
        given = next((given for given in self.translations.all() if given.language == language), None)
        return (given and given.subject) or self.subject, (given and given.body) or self.body


class PetitionUpdateTranslation(Translation):
    """An update's subject and body in another language."""

    update = ParentalKey(
        PetitionUpdate, on_delete=models.CASCADE, related_name="translations", verbose_name=_("update to signers")
    )
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    body = RichTextField(_("body"), blank=True, features=UPDATE_BODY_FEATURES)

    class Meta(Translation.Meta):
        constraints = [
            models.UniqueConstraint(fields=["update", "language"], name="petitions_one_update_text_per_language")
        ]

    def get_parent_id(self):
        return self.update_id


class DeliveryState(models.TextChoices):
    QUEUED = "queued", _("To send")
    CLAIMED = "claimed", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    # Claimed by a worker that stopped before marking it: sent or not, nobody knows, so it is not sent again.
    INTERRUPTED = "interrupted", _("Interrupted")
    # Its signer unsubscribed, was erased or left the recipients otherwise after sending started: not sent.
    WITHDRAWN = "withdrawn", _("Withdrawn")


class UpdateDelivery(models.Model):
    """One signer's copy of an update: queued when sending starts, claimed by the batch that sends it, then sent,
    failed or interrupted (petitions.updates)."""

    # No index of its own: the unique constraint's index starts with the update.
    update = models.ForeignKey(PetitionUpdate, on_delete=models.CASCADE, related_name="deliveries", db_index=False)
    signature = models.ForeignKey(Signature, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=12, choices=DeliveryState, default=DeliveryState.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    # The batch that claimed it, and when: a claim older than PETITIONS_UPDATE_CLAIM_TIMEOUT was left by a worker
    # that died.
    claim = models.UUIDField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    wagtail_reference_index_ignore = True  # bookkeeping, not content (see Signature)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["update", "signature"], name="petitions_one_delivery_per_signer")
        ]
        # Claims take the oldest rows in one state of one update: an index scan, not a sort of them all.
        indexes = [models.Index(fields=["update", "state", "id"], name="petitions_delivery_state")]

    def __str__(self):
        return f"{self.update_id}/{self.signature_id}: {self.state}"
