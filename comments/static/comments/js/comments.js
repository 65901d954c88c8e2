// Moves the comment form under the comment being replied to. Without JavaScript the reply links load the page
// with ?replyto=<id>, which sets the same hidden field on the server. Its words come from Django's JavaScript
// catalogue (comments:jsi18n), loaded before it.
(function () {
    "use strict";
    var respond = document.getElementById("respond");
    if (!respond || !respond.querySelector("form")) {
        return;
    }
    var home = document.createElement("div");
    home.hidden = true;
    respond.parentNode.insertBefore(home, respond);
    var parentField = respond.querySelector("input[name=parent]");
    var title = respond.querySelector("[data-reply-title]");
    var cancel = respond.querySelector("[data-cancel-reply]");
    var replyLink = null;

    function replyTo(link) {
        replyLink = link;
        var comment = document.getElementById("comment-" + link.dataset.replyTo);
        comment.querySelector(".comment-body").after(respond);
        parentField.value = link.dataset.replyTo;
        title.textContent = interpolate(gettext("Reply to %(author)s"), {author: link.dataset.author}, true);
        cancel.hidden = false;
        respond.querySelector("textarea").focus();
    }

    function cancelReply() {
        home.after(respond);
        parentField.value = "";
        title.textContent = title.dataset.default;
        cancel.hidden = true;
        // The focused cancel link has just been hidden: give keyboard users back their place in the thread.
        if (replyLink) {
            replyLink.focus();
            replyLink = null;
        }
    }

    document.addEventListener("click", function (event) {
        var link = event.target.closest("[data-reply-to]");
        if (link) {
            event.preventDefault();
            replyTo(link);
        } else if (event.target.closest("[data-cancel-reply]")) {
            event.preventDefault();
            cancelReply();
        }
    });
})();
