"""What the petitions and comments apps share, so that neither keeps a copy and neither imports the other: rate
limits kept in the cache (ratelimit.py), the check of text that visitors type (text.py) and the middleware that keeps
personal responses out of shared caches (personal.py). Plain modules on Django alone, importing nothing of the suite;
not an app, so nothing goes into INSTALLED_APPS (the middleware goes into MIDDLEWARE)."""
