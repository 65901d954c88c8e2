// Copies the `source` of a shared link's address (?source=facebook…, added by petitions.sharing) into the signing
// form's hidden field: the page is the same for every visitor in shared caches, so the server cannot write it in.
// The server checks the value against the known channels; without this script it reads the Referer instead.
(function () {
    "use strict";
    var source = new URLSearchParams(window.location.search).get("source");
    if (!source) {
        return;
    }
    document.querySelectorAll("input[data-share-source]").forEach(function (field) {
        field.value = source;
    });
})();
