"""The public forms (signing a petition, posting a comment) work from a page that a shared cache gives to everyone.

Such a page can carry nothing of one visitor's, so an anonymous visitor's form carries no CSRF token, and the views
those forms post to accept anonymous posts without one: they change nothing of an account, and the honeypot, the
rate limits and reCAPTCHA protect them as they protect the JSON endpoints, which need no token either. A signed-in
user's post, which is made in their name, must pass Django's CSRF check as every other form's does; their pages are
private and carry a token.

Signed in means a session cookie whose session has a user. A request without the cookie is never asked for its
session: reading it makes SessionMiddleware add `Vary: Cookie`, which would keep a shared cache from sharing the page.
"""

from functools import wraps

from django.conf import settings
from django.views.decorators.csrf import csrf_exempt, csrf_protect


def is_signed_in(request):
    """Whether a user is signed in, without touching the session of a request that has none."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated


def csrf_protect_signed_in(view):
    """Decorate the view a public form posts to: Django's CSRF check for signed-in users' requests, none for
    anonymous visitors' (see the module's docstring)."""
    protected = csrf_protect(view)

    @wraps(view)
    def public_form_view(request, *args, **kwargs):
        if is_signed_in(request):
            return protected(request, *args, **kwargs)
        return view(request, *args, **kwargs)

    return csrf_exempt(public_form_view)
