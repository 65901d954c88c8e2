"""`make bench`: a production-like stack (gunicorn, PostgreSQL, Redis, django-tasks-db) under load, with seeded data.

Run it as `python -m bench` from the repository root; BENCHMARKS.md describes the scenarios and keeps the last results.
"""
