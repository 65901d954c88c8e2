vcl 4.1;

# Varnish in front of Campaign CMS (deploy/varnish/README.md). It stores what the app says may be stored
# (Cache-Control: public with max-age or s-maxage) for anonymous visitors, passes everything personal to the app,
# and drops what the app purges (wagtail.contrib.frontend_cache with FRONTEND_CACHE_VARNISH_URL).

# The app servers (gunicorn). Several: one backend each and a director (vmod directors).
backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 35s;
}

# Who may purge: the app servers and task workers (FRONTEND_CACHE_VARNISH_URL points here). Add their addresses.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed."));
        }
        return (purge);
    }

    if (req.method != "GET" && req.method != "HEAD") {
        # Signing, commenting, the admin's forms: always the app's.
        return (pass);
    }

    # The admin and anything sent with credentials is personal.
    if (req.url ~ "^/admin/" || req.http.Authorization) {
        return (pass);
    }

    # A visitor with a session (signed in), a CSRF cookie (a form used the old way) or one of the apps' own cookies
    # (the thank-you state, their comments, their remembered name, a chosen language) sees something of their own:
    # the app answers them. Every other cookie (analytics and the like) is dropped, so that it does not make the
    # answer uncacheable.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken|petitions_signed|comments_own|comments_author|django_language)=") {
        return (pass);
    }
    unset req.http.Cookie;

    # A shared link's `source` (petitions.sharing) is for the page's script, which reads it from the browser's
    # address, and not for the app: one copy of the page whatever the channel, which purging the page's address clears.
    if (req.url ~ "[?&]source=") {
        set req.url = regsuball(req.url, "([?&])source=[^&]*&?", "\1");
        set req.url = regsub(req.url, "[?&]$", "");
    }

    # Pages take their language from their address (English unprefixed, /cy/, /fr/), yet Django's LocaleMiddleware
    # still says `Vary: Accept-Language` for the unprefixed ones: one copy per page, whatever the browser asks for.
    # The JSON API answers in the language of Accept-Language, so there it stays, reduced to the site's language
    # that browsers list first (they list by preference) so that the API keeps one copy per language; other values
    # go to the app as they are.
    if (req.url !~ "^/api/") {
        unset req.http.Accept-Language;
    } elsif (req.http.Accept-Language ~ "^\s*cy\b") {
        set req.http.Accept-Language = "cy";
    } elsif (req.http.Accept-Language ~ "^\s*fr\b") {
        set req.http.Accept-Language = "fr";
    } elsif (req.http.Accept-Language ~ "^\s*en\b") {
        set req.http.Accept-Language = "en";
    }

    return (hash);
}

sub vcl_backend_response {
    # Stored only when the app says so: an answer without max-age or s-maxage (most of the admin, errors, anything
    # the app does not mean to share) is not stored, rather than kept for Varnish's default TTL. Varnish's built-in
    # rules (which follow) also refuse `private`, `no-store`, `no-cache` and any answer that sets a cookie.
    if (!beresp.http.Cache-Control || beresp.http.Cache-Control !~ "(?i)(^|[,\s])(s-maxage|max-age)=[1-9]") {
        set beresp.ttl = 0s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    # A copy past its time may be served for a few seconds while a fresh one is fetched.
    set beresp.grace = 10s;
}

sub vcl_deliver {
    # Whether this answer came from the cache (the tests and the benchmark read it; Age says how old it is).
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
