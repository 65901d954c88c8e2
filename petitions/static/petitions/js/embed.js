// The embedded petition (/petitions/<id>/embed/) signs through the JSON endpoint: inside an iframe on another site
// the thank-you state's cookie is not sent, while this request is same-origin and answers with the message
// (petitions/embed.py).
// Success shows the answer's thank-you message in place of the form; refusals are shown next to the fields they
// concern. Its texts come from Django's JavaScript catalogue (petitions:jsi18n), loaded before it.
(function () {
    "use strict";
    var embed = document.getElementById("petition-embed");
    var form = embed && embed.querySelector("form.petition-form");
    if (!form || !embed.dataset.signUrl || !window.fetch) {
        return;
    }

    // Links leave the iframe: nothing else of this site may be framed.
    embed.querySelectorAll("a[href]").forEach(function (link) {
        link.target = "_blank";
        link.rel = "noopener";
    });

    function signature() {
        var data = new FormData(form);
        var body = {};
        ["name", "email", "postcode", "country", "comment", "website"].forEach(function (name) {
            if (data.has(name)) {
                body[name] = data.get(name);
            }
        });
        body.consent = data.has("consent");
        // reCAPTCHA v2 leaves its token in g-recaptcha-response, v3 in the field itself.
        var captcha = data.get("captcha") || data.get("g-recaptcha-response");
        if (captcha) {
            body.captcha = captcha;
        }
        return body;
    }

    function clearErrors() {
        form.querySelectorAll("[data-embed-error]").forEach(function (element) {
            element.remove();
        });
        form.querySelectorAll(".has-error").forEach(function (element) {
            element.classList.remove("has-error");
        });
    }

    function errorList(messages) {
        var list = document.createElement("ul");
        list.className = "errorlist";
        list.dataset.embedError = "";
        messages.forEach(function (message) {
            var item = document.createElement("li");
            item.textContent = message;
            list.appendChild(item);
        });
        return list;
    }

    function fieldBox(name) {
        if (name === "captcha") {
            return form.querySelector(".field-captcha");
        }
        var input = form.elements.namedItem(name);
        return input && input.closest ? input.closest(".field") : null;
    }

    function showErrors(errors) {
        var general = [];
        Object.keys(errors).forEach(function (name) {
            var box = fieldBox(name);
            if (box) {
                box.classList.add("has-error");
                box.appendChild(errorList(errors[name]));
            } else {
                general = general.concat(errors[name]);
            }
        });
        if (general.length) {
            var alert = errorList(general);
            alert.setAttribute("role", "alert");
            form.prepend(alert);
        }
    }

    // The thank-you state belongs to this visitor, so it is shown here rather than loaded from an address that
    // anyone could open (the HTML form's ?signed=<id> shows it only to the browser that signed).
    function showThanks(answer) {
        var thanks = document.createElement("div");
        thanks.className = "petition-thanks notice";
        thanks.setAttribute("role", "status");
        var message = document.createElement("p");
        message.textContent = answer.message;
        thanks.appendChild(message);
        form.replaceWith(thanks);
    }

    form.addEventListener("submit", function (event) {
        event.preventDefault();
        var button = form.querySelector("button[type=submit]");
        button.disabled = true;
        clearErrors();
        fetch(embed.dataset.signUrl, {
            method: "POST",
            // The signature and its confirmation e-mail in the embed's language, not the browser's.
            headers: {
                "Content-Type": "application/json",
                Accept: "application/json",
                "Accept-Language": document.documentElement.lang,
            },
            body: JSON.stringify(signature()),
        })
            .then(function (response) {
                if (response.status === 201 || response.status === 202) {
                    return response.json().then(showThanks);
                }
                return response.json().then(function (answer) {
                    showErrors(answer.errors || { __all__: [gettext("Something went wrong. Please try again.")] });
                });
            })
            .catch(function () {
                showErrors({ __all__: [gettext("We could not reach the server. Please try again.")] });
            })
            .finally(function () {
                button.disabled = false;
            });
    });
})();
