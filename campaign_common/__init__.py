"""What the petitions and comments apps share, so that neither keeps a copy and neither imports the other: rate
limits kept in the cache (ratelimit.py) and the check of text that visitors type (text.py). Plain modules on Django
alone: not an app, nothing to add to INSTALLED_APPS, and it imports nothing of the suite."""
