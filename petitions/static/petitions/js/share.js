// "Copy link" and the browser's own share sheet (the Web Share API) for the petition's share box, shown only where
// the browser offers them; without JavaScript the address to copy and the plain share links remain. No third-party
// script is involved. Each carries its own `source` (petitions.sharing), which the petition's report counts.
(function () {
    "use strict";
    function setUp(box) {
        box.dataset.shareReady = "true";
        var url = box.querySelector("[data-share-url]").value;
        var status = box.querySelector("[data-share-status]");
        var copy = box.querySelector("[data-share-copy]");
        var share = box.querySelector("[data-share-native]");
        if (navigator.clipboard && window.isSecureContext) {
            copy.hidden = false;
            copy.addEventListener("click", function () {
                navigator.clipboard.writeText(url).then(function () {
                    status.textContent = copy.dataset.shareDone;
                });
            });
        }
        if (navigator.share) {
            share.hidden = false;
            share.addEventListener("click", function () {
                // A cancelled share sheet rejects the promise: nothing to tell the visitor.
                navigator.share({ title: box.dataset.shareTitle, url: box.dataset.shareNativeUrl }).catch(function () {});
            });
        }
    }

    // The script may be included once per share box on a page: each box is set up once.
    document.querySelectorAll("[data-share]:not([data-share-ready])").forEach(setUp);
})();
