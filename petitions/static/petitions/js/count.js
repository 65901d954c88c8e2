// Keeps an open petition's count live on a page that shared caches keep for a while (campaign_common.shared_cache):
// the panel shows the count of its HTML at first, then the count of the petition's JSON endpoint
// (GET /api/v2/petitions/<id>/, itself cacheable for a few seconds) on load and every REFRESH_MILLISECONDS while the
// page is visible (Page Visibility API), so that it is never more than 10 s behind: the refresh interval, plus the
// endpoint's HTTP max-age and the server's count cache (API_CACHE_SECONDS, PETITIONS_COUNT_CACHE_SECONDS). Its words and number formats
// come from Django's JavaScript catalogue (petitions:jsi18n), loaded before it. A page with several panels loads it
// once per panel: each run takes only the panels no run has taken yet.
(function () {
    "use strict";
    var REFRESH_MILLISECONDS = 5000;
    var panels = Array.prototype.filter.call(document.querySelectorAll(".petition[data-count-url]"), function (panel) {
        return !panel.hasAttribute("data-count-live");
    });
    if (!panels.length || !window.fetch) {
        return;
    }
    panels.forEach(function (panel) {
        panel.setAttribute("data-count-live", "");
    });

    // As Django's floatformat:"g" writes the count in the page's language (digits grouped by thousands or as the
    // language groups them).
    function grouped(number) {
        var digits = String(number);
        var size = get_format("NUMBER_GROUPING");
        if (typeof size !== "number" || size <= 0) {
            return digits;
        }
        var groups = [];
        for (var end = digits.length; end > 0; end -= size) {
            groups.unshift(digits.slice(Math.max(0, end - size), end));
        }
        return groups.join(get_format("THOUSAND_SEPARATOR"));
    }

    function showCount(panel, count, goal) {
        var sentence = ngettext(
            "%(number)s person has signed. Our goal is %(goal)s.",
            "%(number)s people have signed. Our goal is %(goal)s.",
            count
        );
        var paragraph = panel.querySelector(".petition-count p");
        paragraph.textContent = "";
        sentence.split("%(number)s").forEach(function (part, index) {
            if (index > 0) {
                var number = document.createElement("strong");
                number.className = "petition-count-number";
                number.textContent = grouped(count);
                paragraph.appendChild(number);
            }
            paragraph.appendChild(document.createTextNode(interpolate(part, { goal: grouped(goal) }, true)));
        });
        var progress = panel.querySelector(".petition-progress");
        if (progress) {
            progress.max = goal;
            progress.value = Math.min(count, goal);
            progress.textContent = (goal ? Math.min(100, Math.round((100 * count) / goal)) : 100) + "%";
            var label = gettext("%(signed)s of %(goal)s signatures");
            progress.setAttribute("aria-label", interpolate(label, { signed: grouped(count), goal: grouped(goal) }, true));
        }
        panel.dataset.count = String(count);
    }

    function refreshPanel(panel) {
        fetch(panel.dataset.countUrl, {
            // The count is the same in every language; asking in the page's keeps caches to one answer per language.
            headers: { Accept: "application/json", "Accept-Language": document.documentElement.lang },
        })
            .then(function (response) {
                return response.ok ? response.json() : null;
            })
            .then(function (petition) {
                if (petition && typeof petition.signature_count === "number" && String(petition.signature_count) !==
                    panel.dataset.count) {
                    showCount(panel, petition.signature_count, petition.goal);
                }
            })
            .catch(function () {
                // Offline or refused: the count shown stays until the next refresh.
            });
    }

    var timer = null;

    function refresh() {
        clearTimeout(timer);
        timer = null;
        if (document.visibilityState === "hidden") {
            return;
        }
        panels.forEach(refreshPanel);
        timer = setTimeout(refresh, REFRESH_MILLISECONDS);
    }

    // A hidden tab asks nothing; back in view, it catches up at once.
    document.addEventListener("visibilitychange", refresh);
    refresh();
})();
