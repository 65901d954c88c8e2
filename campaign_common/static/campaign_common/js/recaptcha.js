// What django-recaptcha's widget templates do in inline scripts, from a file, so that the Content-Security-Policy
// can forbid inline scripts: for each widget on the page (marked by its data-widget-uuid), v2 gets the callback its
// data-callback names, the invisible v2 is solved when its form is submitted, and v3 fetches a token on submit.
(function () {
    "use strict";
    var action = document.currentScript.dataset.action || "";

    function submitWithToken(widget, form) {
        form.addEventListener("submit", function (event) {
            event.preventDefault();
            grecaptcha.ready(function () {
                grecaptcha.execute(widget.dataset.sitekey, {action: action}).then(function (token) {
                    widget.value = token;
                    form.submit();
                });
            });
        });
    }

    // Each widget includes this file: the first copy to run binds every widget, the others find them bound.
    document.querySelectorAll(".g-recaptcha[data-widget-uuid]:not([data-bound])").forEach(function (widget) {
        var form = widget.closest("form");
        widget.dataset.bound = "true";
        if (widget.tagName === "INPUT") {
            submitWithToken(widget, form);
            return;
        }
        var invisible = widget.dataset.size === "invisible";
        window["onSubmit_" + widget.dataset.widgetUuid] = function () {
            if (invisible) {
                form.submit();
            }
        };
        if (invisible) {
            form.addEventListener("submit", function (event) {
                event.preventDefault();
                grecaptcha.execute();
            });
        }
    });
})();
