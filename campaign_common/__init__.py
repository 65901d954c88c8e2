"""What the petitions and comments apps share, so that neither keeps a copy and neither imports the other: rate
limits kept in the cache (ratelimit.py), the check of text that visitors type (text.py), the middleware that keeps
personal responses out of shared caches (personal.py), and the templates and script both forms use (the error summary,
and django-recaptcha's includes without inline scripts). Importing nothing of the suite; an app only so that Django
finds its templates and static files."""
