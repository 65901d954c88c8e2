// An example frontend for the Campaign CMS API: plain JavaScript, no build step, served from another origin.
//
// #/                  lists the campaign pages        GET  /api/v2/pages/?type=campaign_cms.CampaignPage
// #/pages/<id>        renders one page's body         GET  /api/v2/pages/<id>/
// ?content_type=&token=  a draft (headless preview)   GET  /api/v2/page_preview/?content_type=&token=
// petitions sign through                              POST /api/v2/petitions/<id>/signatures/
// comments are read and posted through                GET, POST /api/v2/comments/
//
// Text from the API is always set with textContent. The only HTML taken from the API, rich text paragraphs and
// oEmbed players, is rebuilt element by element from an allow-list (see richText and embedPlayer).
(function () {
    "use strict";

    var params = new URLSearchParams(window.location.search);
    var API_BASE = (params.get("api") || (window.CAMPAIGN_CMS || {}).apiBase || "http://127.0.0.1:8000").replace(
        /\/+$/,
        ""
    );
    var COUNT_REFRESH_SECONDS = 10;
    var timers = [];

    var elements = {
        status: document.getElementById("status"),
        previewBanner: document.getElementById("preview-banner"),
        index: document.getElementById("campaign-index"),
        list: document.getElementById("campaign-list"),
        campaign: document.getElementById("campaign"),
        title: document.getElementById("campaign-title"),
        date: document.getElementById("campaign-date"),
        intro: document.getElementById("campaign-intro"),
        hero: document.getElementById("campaign-hero"),
        body: document.getElementById("campaign-body"),
    };
    document.getElementById("api-base").textContent = API_BASE;

    // ---- Small helpers ------------------------------------------------------------------------------------------

    function element(tag, attributes, text) {
        var node = document.createElement(tag);
        Object.keys(attributes || {}).forEach(function (name) {
            if (attributes[name] === true) {
                node.setAttribute(name, "");
            } else if (attributes[name] !== false && attributes[name] !== null && attributes[name] !== undefined) {
                node.setAttribute(name, attributes[name]);
            }
        });
        if (text !== undefined && text !== null) {
            node.textContent = text;
        }
        return node;
    }

    function setStatus(message) {
        elements.status.textContent = message || "";
    }

    // Every request answers {status, body}; a body that is not JSON reads as {}.
    function request(url, options) {
        return fetch(url, options).then(function (response) {
            return response
                .json()
                .catch(function () {
                    return {};
                })
                .then(function (body) {
                    return { status: response.status, body: body, headers: response.headers };
                });
        });
    }

    function postJSON(url, body) {
        return request(url, {
            method: "POST",
            headers: { "Content-Type": "application/json", Accept: "application/json" },
            body: JSON.stringify(body),
        });
    }

    function protocolOf(url) {
        try {
            return new URL(url, API_BASE).protocol;
        } catch (error) {
            return "";
        }
    }

    function isSafeUrl(url) {
        return ["http:", "https:", "mailto:"].indexOf(protocolOf(url)) !== -1;
    }

    function formatDate(value) {
        return new Date(value).toLocaleString(undefined, { dateStyle: "long", timeStyle: "short" });
    }

    // ---- Forms: one way to build fields, read them and show the API's {"errors": {field: [messages]}} ----------

    function field(form, options) {
        // options: name, label, type ("text", "email", "textarea", "checkbox"), required, maxlength, autocomplete
        var id = form.id + "-" + options.name;
        var box = element("div", { class: options.type === "checkbox" ? "field field-checkbox" : "field" });
        box.dataset.field = options.name;
        var input;
        if (options.type === "textarea") {
            input = element("textarea", { id: id, name: options.name, rows: 4 });
        } else {
            input = element("input", { id: id, name: options.name, type: options.type || "text" });
        }
        input.required = Boolean(options.required);
        if (options.maxlength) {
            input.maxLength = options.maxlength;
        }
        if (options.autocomplete) {
            input.autocomplete = options.autocomplete;
        }
        var label = element("label", { for: id }, options.label + (options.required ? "" : " (optional)"));
        if (options.type === "checkbox") {
            box.append(input, label);
        } else {
            box.append(label, input);
        }
        form.append(box);
        return input;
    }

    // The honeypot: people never see it, bots fill it in; the API then accepts and stores nothing.
    function honeypot(form) {
        var box = element("div", { class: "hp-field", "aria-hidden": "true" });
        var id = form.id + "-website";
        box.append(
            element("label", { for: id }, "Leave this field empty"),
            element("input", { id: id, name: "website", type: "text", tabindex: "-1", autocomplete: "off" })
        );
        form.append(box);
    }

    function values(form, names) {
        var data = {};
        names.forEach(function (name) {
            var input = form.elements.namedItem(name);
            if (!input) {
                return;
            }
            data[name] = input.type === "checkbox" ? input.checked : input.value;
        });
        return data;
    }

    function clearErrors(form) {
        form.querySelectorAll(".field-error, .form-errors").forEach(function (node) {
            node.remove();
        });
        form.querySelectorAll("[aria-invalid]").forEach(function (input) {
            input.removeAttribute("aria-invalid");
            input.removeAttribute("aria-describedby");
        });
    }

    function showErrors(form, errors) {
        clearErrors(form);
        var general = [];
        Object.keys(errors).forEach(function (name) {
            var box = form.querySelector('[data-field="' + name + '"]');
            var input = box && box.querySelector("input, textarea, select");
            if (!box) {
                general = general.concat(errors[name]);
                return;
            }
            var message = element("p", { class: "field-error", id: form.id + "-" + name + "-error" });
            message.textContent = errors[name].join(" ");
            box.append(message);
            if (input) {
                input.setAttribute("aria-invalid", "true");
                input.setAttribute("aria-describedby", message.id);
            }
        });
        if (general.length) {
            var alert = element("div", { class: "form-errors", role: "alert" });
            general.forEach(function (text) {
                alert.append(element("p", {}, text));
            });
            form.prepend(alert);
        }
        var first = form.querySelector("[aria-invalid]");
        if (first) {
            first.focus();
        }
    }

    function submitButton(form, label) {
        var button = element("button", { type: "submit", class: "button" }, label);
        var row = element("p", {});
        row.append(button);
        form.append(row);
        return button;
    }

    // reCAPTCHA as the API describes it ({"type": "none" | "recaptcha_v2" | "recaptcha_v3", "site_key", "action"}):
    // captcha(form, description) adds what the visitor needs and answers a function giving the token to send.
    var recaptchaLoaded = null;

    function loadRecaptcha(siteKey, v3) {
        if (!recaptchaLoaded) {
            recaptchaLoaded = new Promise(function (resolve) {
                window.onCampaignRecaptcha = resolve;
                var query = v3 ? "render=" + encodeURIComponent(siteKey) : "render=explicit";
                var script = element("script", {
                    src: "https://www.google.com/recaptcha/api.js?onload=onCampaignRecaptcha&" + query,
                    async: true,
                });
                document.head.append(script);
            });
        }
        return recaptchaLoaded;
    }

    function captcha(form, description) {
        if (!description || description.type === "none") {
            return function () {
                return Promise.resolve(undefined);
            };
        }
        if (description.type === "recaptcha_v3") {
            loadRecaptcha(description.site_key, true);
            return function () {
                return recaptchaLoaded.then(function () {
                    return window.grecaptcha.execute(description.site_key, { action: description.action });
                });
            };
        }
        var box = element("div", { class: "field field-captcha" });
        box.dataset.field = "captcha";
        var widget = element("div", { class: "captcha-widget" });
        box.append(widget);
        form.append(box);
        var widgetId = loadRecaptcha(description.site_key, false).then(function () {
            return window.grecaptcha.render(widget, { sitekey: description.site_key });
        });
        return function () {
            return widgetId.then(function (id) {
                return window.grecaptcha.getResponse(id);
            });
        };
    }

    // ---- Blocks: one renderer per block type of CampaignBodyBlock ------------------------------------------------

    function renderHeading(value) {
        var level = ["h2", "h3", "h4"].indexOf(value.level) !== -1 ? value.level : "h2";
        return element(level, { class: "block-heading" }, value.text);
    }

    // Rich text from the CMS, rebuilt from an allow-list of elements: no scripts, styles or event handlers.
    var RICH_TEXT_TAGS = ["P", "H2", "H3", "H4", "B", "STRONG", "I", "EM", "OL", "UL", "LI", "A", "BR"];

    function richText(html) {
        var source = new DOMParser().parseFromString(html, "text/html").body;
        var target = element("div", { class: "rich-text" });

        function copy(from, to) {
            from.childNodes.forEach(function (node) {
                if (node.nodeType === Node.TEXT_NODE) {
                    to.append(document.createTextNode(node.textContent));
                } else if (node.nodeType === Node.ELEMENT_NODE && RICH_TEXT_TAGS.indexOf(node.tagName) !== -1) {
                    var clean = document.createElement(node.tagName);
                    if (node.tagName === "A" && isSafeUrl(node.getAttribute("href"))) {
                        clean.href = new URL(node.getAttribute("href"), API_BASE).href;
                    }
                    to.append(clean);
                    copy(node, clean);
                } else if (node.nodeType === Node.ELEMENT_NODE) {
                    copy(node, to); // keep the text of elements we do not allow
                }
            });
        }

        copy(source, target);
        return target;
    }

    function renderParagraph(value) {
        return richText(value);
    }

    function imageElement(image) {
        var renditions = image.renditions;
        return element("img", {
            src: renditions.medium.url,
            srcset: ["small", "medium", "large"]
                .map(function (name) {
                    return renditions[name].url + " " + renditions[name].width + "w";
                })
                .join(", "),
            sizes: "(min-width: 50rem) 50rem, 100vw",
            width: renditions.medium.width,
            height: renditions.medium.height,
            alt: image.alt || "",
            loading: "lazy",
        });
    }

    function renderImage(value) {
        if (!value.image) {
            return null;
        }
        var figure = element("figure", { class: "image" });
        figure.append(imageElement(value.image));
        if (value.caption) {
            figure.append(element("figcaption", {}, value.caption));
        }
        return figure;
    }

    function renderQuote(value) {
        var quote = element("blockquote", { class: "quote" });
        quote.append(element("p", {}, value.text));
        if (value.attribution) {
            quote.append(element("footer", {}, "— " + value.attribution));
        }
        return quote;
    }

    // An oEmbed player: only the https iframe it contains, in a frame of our own; otherwise a link.
    function embedPlayer(value) {
        var frame = new DOMParser().parseFromString(value.html || "", "text/html").querySelector("iframe[src]");
        var box = element("div", { class: "embed" });
        if (frame && protocolOf(frame.getAttribute("src")) === "https:") {
            box.append(
                element("iframe", {
                    src: frame.getAttribute("src"),
                    title: frame.getAttribute("title") || "Embedded content",
                    loading: "lazy",
                    allowfullscreen: true,
                    referrerpolicy: "strict-origin-when-cross-origin",
                })
            );
        } else if (isSafeUrl(value.url)) {
            box.append(element("a", { href: value.url, rel: "noopener" }, value.url));
        }
        return box;
    }

    function renderEmbed(value) {
        return value ? embedPlayer(value) : null;
    }

    function renderCallToAction(value) {
        if (!isSafeUrl(value.url)) {
            return null;
        }
        var box = element("p", { class: "call-to-action-box" });
        box.append(element("a", { class: "button call-to-action", href: value.url }, value.label));
        return box;
    }

    function renderPetition(value) {
        if (!value.available) {
            // The petition was deleted or unpublished since the page was published.
            return element("p", { class: "petition-unavailable notice" }, "This petition is not available.");
        }
        var petition = value.petition;
        var section = element("section", { class: "petition", id: "petition-" + petition.id });
        section.append(element("h2", { class: "petition-heading" }, value.heading));
        if (value.intro) {
            section.append(element("p", { class: "petition-intro" }, value.intro));
        }
        var target = element("p", { class: "petition-target" }, "To: ");
        target.append(element("strong", {}, petition.target));
        section.append(target, element("blockquote", { class: "petition-ask" }, petition.ask));

        var count = element("p", { class: "petition-count" });
        var number = element("strong", { class: "petition-count-number" });
        count.append(number, document.createTextNode(" signed of a goal of " + petition.goal.toLocaleString()));
        section.append(count);
        var progress = null;
        if (value.show_progress) {
            progress = element("progress", { class: "petition-progress", max: petition.goal });
        }
        if (progress) {
            section.append(progress);
        }

        function showCount(signatureCount) {
            number.textContent = signatureCount.toLocaleString();
            if (progress) {
                progress.value = Math.min(signatureCount, petition.goal);
                progress.textContent = Math.round((100 * signatureCount) / petition.goal) + "%";
            }
        }

        showCount(petition.signature_count);
        // The count is live: the API may cache it for a few seconds, so asking more often brings nothing.
        timers.push(
            window.setInterval(function () {
                request(petition.urls.detail).then(function (answer) {
                    if (answer.status === 200) {
                        showCount(answer.body.signature_count);
                    }
                });
            }, COUNT_REFRESH_SECONDS * 1000)
        );

        if (petition.status !== "open") {
            var closed = "This petition is closed.";
            if (petition.status === "scheduled") {
                closed = "This petition is not open for signatures yet.";
            }
            section.append(element("p", { class: "petition-closed notice" }, closed));
            return section;
        }
        section.append(petitionForm(petition, value.button_label));
        return section;
    }

    function petitionForm(petition, buttonLabel) {
        var form = element("form", { class: "petition-form", id: "petition-" + petition.id + "-form" });
        form.noValidate = true; // the API's messages are shown instead of the browser's
        field(form, { name: "name", label: "Your name", required: true, maxlength: 100, autocomplete: "name" });
        field(form, {
            name: "email",
            label: "Your e-mail address",
            type: "email",
            required: true,
            autocomplete: "email",
        });
        var optional = {
            postcode: { name: "postcode", label: "Postcode", maxlength: 16, autocomplete: "postal-code" },
            country: { name: "country", label: "Country (two-letter code, e.g. GB)", maxlength: 2 },
            comment: { name: "comment", label: "Why are you signing?", type: "textarea", maxlength: 1000 },
        };
        Object.keys(optional).forEach(function (name) {
            var choice = petition.collected_fields[name];
            if (choice !== "hidden") {
                field(form, Object.assign({ required: choice === "required" }, optional[name]));
            }
        });
        field(form, {
            name: "consent",
            label: petition.consent_text,
            type: "checkbox",
            required: petition.consent_required,
        });
        honeypot(form);
        var captchaToken = captcha(form, petition.captcha);
        form.append(element("p", { class: "help petition-privacy" }, petition.privacy_notice));
        var button = submitButton(form, buttonLabel);

        form.addEventListener("submit", function (event) {
            event.preventDefault();
            button.disabled = true;
            var signature = values(form, ["name", "email", "postcode", "country", "comment", "consent", "website"]);
            captchaToken()
                .then(function (token) {
                    signature.captcha = token;
                    return postJSON(petition.urls.sign, signature);
                })
                .then(function (answer) {
                    if (answer.status === 201 || answer.status === 202) {
                        var thanks = element("div", { class: "petition-thanks notice", role: "status" });
                        thanks.append(element("p", {}, answer.body.message));
                        if (answer.status === 202) {
                            thanks.append(element("p", {}, "Your signature counts once you confirm it."));
                        }
                        form.replaceWith(thanks);
                        return;
                    }
                    showErrors(form, answer.body.errors || { __all__: ["Something went wrong. Please try again."] });
                })
                .catch(function () {
                    showErrors(form, { __all__: ["The petition could not be reached. Please try again."] });
                })
                .finally(function () {
                    button.disabled = false;
                });
        });
        return form;
    }

    function renderComments(value, page) {
        var section = element("section", { class: "comments", id: "comments" });
        section.append(element("h2", { class: "comments-heading" }, value.heading || "Comments"));
        var count = element("p", { class: "comments-count" });
        var list = element("ol", { class: "comment-list", id: "comment-list" });
        var more = element("button", { type: "button", class: "comments-more", hidden: true }, "Show more comments");
        var notice = element("p", { class: "comment-notice notice", role: "status", hidden: true });
        section.append(count, list, more, notice);
        var discussion = { open: value.open, maxDepth: value.settings.max_depth, offset: 0 };
        var form = value.open && value.post_url ? commentForm(value, page, reload) : null;
        if (form) {
            section.append(form);
        } else {
            section.append(element("p", { class: "comments-closed notice" }, "Comments are closed on this page."));
        }

        function commentItem(comment) {
            var item = element("li", { class: "comment", id: "comment-" + comment.id });
            item.classList.toggle("comment-removed", comment.removed);
            if (comment.removed) {
                item.append(element("p", { class: "comment-placeholder" }, "This comment was removed."));
            } else {
                var header = element("p", { class: "comment-meta" });
                var date = element("time", { class: "comment-date", datetime: comment.created_at });
                date.textContent = formatDate(comment.created_at);
                header.append(
                    element("strong", { class: "comment-author" }, comment.author_name),
                    document.createTextNode(" · "),
                    date
                );
                if (comment.edited_at) {
                    header.append(document.createTextNode(" · edited"));
                }
                item.append(header, element("div", { class: "comment-body" }, comment.body));
                if (form && comment.depth < discussion.maxDepth) {
                    var reply = element("button", { type: "button", class: "comment-reply" }, "Reply");
                    reply.dataset.commentId = comment.id;
                    reply.addEventListener("click", function () {
                        form.replyTo(comment, item);
                    });
                    item.append(reply);
                }
            }
            if (comment.replies.length) {
                var replies = element("ol", { class: "comment-replies" });
                comment.replies.forEach(function (child) {
                    replies.append(commentItem(child));
                });
                item.append(replies);
            }
            return item;
        }

        function load(offset) {
            if (!value.list_url) {
                count.textContent = "No comments yet.";
                return Promise.resolve();
            }
            return request(value.list_url + "&offset=" + offset).then(function (answer) {
                if (answer.status !== 200) {
                    count.textContent = "The comments could not be loaded.";
                    return;
                }
                var meta = answer.body.meta;
                answer.body.items.forEach(function (thread) {
                    list.append(commentItem(thread));
                });
                discussion.offset = meta.offset + answer.body.items.length;
                count.textContent = meta.comment_count === 1 ? "1 comment" : meta.comment_count + " comments";
                more.hidden = discussion.offset >= meta.total_count;
            });
        }

        // After a post: the threads again from the start, the form back at the end, and the notice shown.
        function reload(message, commentId) {
            list.replaceChildren();
            form.cancelReply();
            return load(0).then(function () {
                notice.textContent = message;
                notice.hidden = false;
                var posted = commentId && document.getElementById("comment-" + commentId);
                (posted || notice).scrollIntoView({ block: "center" });
            });
        }

        more.addEventListener("click", function () {
            load(discussion.offset);
        });
        load(0);
        return section;
    }

    function commentForm(value, page, afterPost) {
        var form = element("form", { class: "comment-form", id: "comment-form" });
        form.noValidate = true;
        var replying = element("p", { class: "comment-replying", hidden: true });
        var replyingTo = element("span", {});
        var cancel = element("button", { type: "button", class: "comment-cancel-reply" }, "Cancel reply");
        replying.append(replyingTo, document.createTextNode(" "), cancel);
        form.append(element("h3", { class: "comment-form-title" }, "Leave a comment"), replying);
        var parent = element("input", { type: "hidden", name: "parent", value: "" });
        form.append(parent);
        field(form, { name: "name", label: "Name", required: true, maxlength: 100, autocomplete: "name" });
        field(form, {
            name: "email",
            label: "E-mail (never shown)",
            type: "email",
            required: true,
            autocomplete: "email",
        });
        field(form, { name: "body", label: "Comment", type: "textarea", required: true });
        field(form, { name: "notify", label: "E-mail me when someone replies", type: "checkbox" });
        honeypot(form);
        var captchaToken = captcha(form, value.captcha);
        var button = submitButton(form, "Post comment");
        var home = element("div", { hidden: true });

        form.replyTo = function (comment, item) {
            if (!home.parentNode) {
                form.before(home);
            }
            parent.value = comment.id;
            replyingTo.textContent = "Replying to " + comment.author_name + ".";
            replying.hidden = false;
            item.append(form);
            form.elements.namedItem("body").focus();
        };
        form.cancelReply = function () {
            parent.value = "";
            replying.hidden = true;
            if (home.parentNode) {
                home.after(form);
            }
        };
        cancel.addEventListener("click", form.cancelReply);

        form.addEventListener("submit", function (event) {
            event.preventDefault();
            button.disabled = true;
            var comment = values(form, ["name", "email", "body", "notify", "website"]);
            comment.page_id = page.id;
            comment.parent = parent.value ? Number(parent.value) : null;
            captchaToken()
                .then(function (token) {
                    comment.captcha = token;
                    return postJSON(value.post_url, comment);
                })
                .then(function (answer) {
                    if (answer.status === 201 || answer.status === 202) {
                        form.elements.namedItem("body").value = "";
                        clearErrors(form);
                        var message = answer.status === 201 ? "Your comment is published." : answer.body.message;
                        return afterPost(message, answer.body.id);
                    }
                    showErrors(form, answer.body.errors || { __all__: ["Something went wrong. Please try again."] });
                })
                .catch(function () {
                    showErrors(form, { __all__: ["The comments could not be reached. Please try again."] });
                })
                .finally(function () {
                    button.disabled = false;
                });
        });
        return form;
    }

    // One renderer per block type of CampaignBodyBlock (tests/headless/test_example_frontend.py checks the list).
    var RENDERERS = {
        heading: renderHeading,
        paragraph: renderParagraph,
        image: renderImage,
        quote: renderQuote,
        embed: renderEmbed,
        call_to_action: renderCallToAction,
        petition: renderPetition,
        comments: renderComments,
    };

    // ---- Pages ----------------------------------------------------------------------------------------------------

    function show(view) {
        elements.index.hidden = view !== "index";
        elements.campaign.hidden = view !== "campaign";
    }

    function showIndex() {
        setStatus("Loading the campaigns…");
        var query = "?type=campaign_cms.CampaignPage&fields=intro,date&order=-date&limit=20";
        return request(API_BASE + "/api/v2/pages/" + query).then(function (answer) {
            if (answer.status !== 200) {
                setStatus("The campaigns could not be loaded.");
                return;
            }
            elements.list.replaceChildren();
            answer.body.items.forEach(function (page) {
                var item = element("li", { class: "campaign-item", id: "campaign-item-" + page.id });
                var heading = element("h2", {});
                heading.append(element("a", { class: "campaign-link", href: "#/pages/" + page.id }, page.title));
                item.append(heading, element("p", { class: "meta" }, page.date), element("p", {}, page.intro));
                elements.list.append(item);
            });
            if (!answer.body.items.length) {
                elements.list.append(element("li", { class: "empty" }, "No campaigns yet."));
            }
            document.title = "Campaigns · example frontend";
            setStatus("");
            show("index");
        });
    }

    function showPage(page) {
        elements.title.textContent = page.title;
        elements.date.textContent = page.date || "";
        elements.intro.textContent = page.intro || "";
        elements.hero.replaceChildren();
        elements.hero.hidden = !page.hero_image;
        if (page.hero_image) {
            elements.hero.append(imageElement(page.hero_image));
        }
        elements.body.replaceChildren();
        (page.body || []).forEach(function (block) {
            var render = RENDERERS[block.type];
            var rendered = render && block.value !== null ? render(block.value, page) : null;
            if (rendered) {
                var wrapper = element("div", { class: "block block-" + block.type, id: "block-" + block.id });
                wrapper.dataset.blockType = block.type;
                wrapper.append(rendered);
                elements.body.append(wrapper);
            }
        });
        document.title = page.title + " · example frontend";
        setStatus("");
        show("campaign");
    }

    function loadPage(url) {
        setStatus("Loading…");
        return request(url).then(function (answer) {
            if (answer.status !== 200) {
                var errors = answer.body.errors || {};
                var reason = (errors.token || [])[0] || answer.body.message || "This page could not be loaded.";
                setStatus(reason);
                show(null);
                return;
            }
            showPage(answer.body);
        });
    }

    function route() {
        timers.forEach(window.clearInterval);
        timers = [];
        if (params.get("token") && params.get("content_type")) {
            // Wagtail's preview panel opens us at HEADLESS_PREVIEW_URL?content_type=...&token=...
            elements.previewBanner.hidden = false;
            var preview = new URLSearchParams({ content_type: params.get("content_type"), token: params.get("token") });
            return loadPage(API_BASE + "/api/v2/page_preview/?" + preview.toString());
        }
        var match = window.location.hash.match(/^#\/pages\/(\d+)$/);
        if (match) {
            return loadPage(API_BASE + "/api/v2/pages/" + match[1] + "/");
        }
        return showIndex();
    }

    window.addEventListener("hashchange", route);
    route().catch(function () {
        setStatus("The Campaign CMS at " + API_BASE + " could not be reached. Is it running (make run)?");
    });
})();
