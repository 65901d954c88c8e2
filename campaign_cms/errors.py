"""Answers for requests the site cannot serve: a database outage (503), bodies too large (413) and, under the API,
any other server error (500).

They are rendered without the request's context processors and without base.html, because both can be needed
when the database is unreachable (base.html's user bar would look the visitor's session up). Requests to the JSON
API get JSON in the API's error shape, `{"errors": {"__all__": [message]}}`; everything else a short HTML page.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.views.defaults import server_error as default_server_error

# Exceptions that mean the database cannot be reached (server down, restarting, connection dropped).
DATABASE_OUTAGE_ERRORS = (OperationalError, InterfaceError)
OUTAGE_RETRY_AFTER_SECONDS = 10
OUTAGE_TITLE = _("Briefly unavailable")
OUTAGE_MESSAGE = _("The service is briefly unavailable. Please try again in a few seconds.")
SERVER_ERROR_TITLE = _("Server error")
SERVER_ERROR_MESSAGE = _("Something went wrong on our side. Please try again later.")


def wants_json(request):
    return request.path_info.startswith("/api/") or "application/json" in request.headers.get("Accept", "")


def error_response(request, status, title, message):
    if wants_json(request):
        return JsonResponse({"errors": {"__all__": [message]}}, status=status)
    return HttpResponse(
        render_to_string("campaign_cms/error_page.html", {"title": title, "message": message}), status=status
    )


def server_error(request):
    """handler500: a database outage becomes a 503 with Retry-After (clients and load balancers try again
    later); any other error gets Django's 500 page, or under the API the API's error shape."""
    error = sys.exc_info()[1]
    if not isinstance(error, DATABASE_OUTAGE_ERRORS):
        if wants_json(request):
            return error_response(request, 500, SERVER_ERROR_TITLE, SERVER_ERROR_MESSAGE)
        return default_server_error(request)
    response = error_response(request, 503, OUTAGE_TITLE, OUTAGE_MESSAGE)
    response["Retry-After"] = str(OUTAGE_RETRY_AFTER_SECONDS)
    return response
