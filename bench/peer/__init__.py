"""The benchmark's peer: Wagtail's stock form page (`wagtail.contrib.forms`) used as a petition, served by the same
gunicorn as the suite. Installed by bench/settings.py only; the shipped apps never see it."""
