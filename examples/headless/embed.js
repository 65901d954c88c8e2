// Points embed.html's iframe at the petition's embed page: ?petition=<id> (default: the newest published petition).
(function () {
    "use strict";
    var params = new URLSearchParams(window.location.search);
    var apiBase = (params.get("api") || window.CAMPAIGN_CMS.apiBase).replace(/\/+$/, "");
    var frame = document.getElementById("petition-embed-frame");
    var chosen = params.get("petition");
    var petitionId = chosen
        ? Promise.resolve(chosen)
        : fetch(apiBase + "/api/v2/petitions/?limit=1")
              .then(function (response) {
                  return response.json();
              })
              .then(function (listing) {
                  return listing.items.length ? listing.items[0].id : null;
              });
    petitionId.then(function (id) {
        if (id !== null && /^\d+$/.test(String(id))) {
            frame.src = apiBase + "/petitions/" + id + "/embed/";
        }
    });
})();
