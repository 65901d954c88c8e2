"""GET /healthz/: whether this app server can serve, for load balancers and `make serve`'s start-up wait.

200 when the database answers (the cache is reported but does not decide: the site fails open without it),
503 when it does not, so a load balancer stops sending traffic to a server that has lost its database.
"""

import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .errors import DATABASE_OUTAGE_ERRORS


def database_status():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DATABASE_OUTAGE_ERRORS:
        return "unavailable"
    return "ok"


def cache_status():
    """A write and a read-back: FailOpenRedisCache answers a miss when Redis is down."""
    value = uuid.uuid4().hex
    key = f"healthz:{value}"
    cache.set(key, value, 10)
    answered = cache.get(key) == value
    cache.delete(key)
    return "ok" if answered else "unavailable"


@never_cache
@require_safe
def health_check(request):
    checks = {"database": database_status(), "cache": cache_status()}
    status = 200 if checks["database"] == "ok" else 503
    return JsonResponse({"status": "ok" if status == 200 else "unavailable", **checks}, status=status)
