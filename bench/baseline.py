"""The baseline for writes: the least a Django view can do to store a request, one INSERT with raw SQL."""

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

BASELINE_PATH = "/bench/baseline/"
BASELINE_TABLE_SQL = "CREATE TABLE IF NOT EXISTS bench_baseline_row (id bigserial PRIMARY KEY, body text NOT NULL)"


@csrf_exempt
@require_POST
def insert_row(request):
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_baseline_row (body) VALUES (%s)", [request.body.decode()])
    return JsonResponse({"status": "stored"}, status=201)
