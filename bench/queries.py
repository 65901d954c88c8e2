"""Counting the SQL queries of one request in the serving process, only when the harness asks for it.

A request with the header `X-Bench-Count-Queries` gets its count back in `X-Bench-Queries`; every other request
runs untouched, so the count costs the timed runs nothing.
"""

from django.db import connections

REQUEST_HEADER = "X-Bench-Count-Queries"
RESPONSE_HEADER = "X-Bench-Queries"


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if REQUEST_HEADER not in request.headers:
            return self.get_response(request)
        executed = []

        def count(execute, sql, params, many, context):
            executed.append(sql)
            return execute(sql, params, many, context)

        with connections["default"].execute_wrapper(count):
            response = self.get_response(request)
        response[RESPONSE_HEADER] = str(len(executed))
        return response
