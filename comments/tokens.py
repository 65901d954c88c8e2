"""Signed tokens: unsubscribe links, the cookie listing the comments a browser posted (the edit token), and the
cookie that remembers a visitor's name and e-mail when they ask for it.

Signed values are readable by whoever holds the cookie (base64 JSON), so the remember-me cookie holds no e-mail
address: only the name (shown next to every comment anyway) and the id of the comment whose address it was, which is
read from the database when the form is filled. Erasing a person's data therefore forgets their remembered address
too. Cookies are Secure when COMMENTS_COOKIE_SECURE is on (by default as SESSION_COOKIE_SECURE, on in production).
"""

from django.core import signing

from . import conf
from .models import Comment

UNSUBSCRIBE_SALT = "comments.unsubscribe"
# Unsubscribe links work for a year, so old notification e-mails stay useful, and then expire like every token.
UNSUBSCRIBE_MAX_AGE = 60 * 60 * 24 * 365
OWN_COMMENTS_COOKIE = "comments_own"
OWN_COMMENTS_SALT = "comments.own"
# Long enough to show a poster their held comments for a while; editing is limited by COMMENTS_EDIT_WINDOW.
OWN_COMMENTS_MAX_AGE = 60 * 60 * 24 * 30
OWN_COMMENTS_KEPT = 20
AUTHOR_COOKIE = "comments_author"
AUTHOR_SALT = "comments.author"
AUTHOR_MAX_AGE = 60 * 60 * 24 * 365


def make_unsubscribe_token(comment):
    return signing.dumps(comment.pk, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token):
    """The id of the comment whose reply notifications the token stops, or None if it is not ours."""
    try:
        comment_id = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    except signing.BadSignature:
        return None
    return comment_id if isinstance(comment_id, int) else None


def read_cookie(request, name, salt, max_age):
    """What the signed cookie holds, or None when the browser sent none (most visitors: nothing to check) or one
    that is not ours or has expired."""
    value = request.COOKIES.get(name)
    if not value:
        return None
    try:
        return signing.loads(value, salt=salt, max_age=max_age)
    except signing.BadSignature:
        return None


def read_own_comment_ids(request):
    """The ids of the comments this browser posted recently."""
    ids = read_cookie(request, OWN_COMMENTS_COOKIE, OWN_COMMENTS_SALT, OWN_COMMENTS_MAX_AGE)
    return frozenset(pk for pk in ids if isinstance(pk, int)) if isinstance(ids, list) else frozenset()


def _set_cookie(request, response, name, value, max_age):
    secure = request.is_secure() or conf.cookie_secure()
    response.set_cookie(name, value, max_age=max_age, httponly=True, samesite="Lax", secure=secure)


def remember_own_comment(request, response, comment):
    ids = sorted(read_own_comment_ids(request) | {comment.pk})[-OWN_COMMENTS_KEPT:]
    _set_cookie(
        request, response, OWN_COMMENTS_COOKIE, signing.dumps(ids, salt=OWN_COMMENTS_SALT), OWN_COMMENTS_MAX_AGE
    )


def read_author(request):
    """The name and e-mail the visitor asked this browser to remember, or an empty dict; the e-mail is the one of the
    comment the cookie names (one query, only for visitors with the cookie)."""
    author = read_cookie(request, AUTHOR_COOKIE, AUTHOR_SALT, AUTHOR_MAX_AGE)
    if not isinstance(author, dict):
        return {}
    remembered = {"name": author["name"]} if isinstance(author.get("name"), str) else {}
    comment_id = author.get("comment")
    if isinstance(comment_id, int):
        email = Comment.objects.filter(pk=comment_id).values_list("author_email", flat=True).first()
        if email:
            remembered["email"] = email
    return remembered


def remember_author(request, response, comment):
    """Remember the name and e-mail `comment` was posted under, for the next comment from this browser."""
    value = signing.dumps({"name": comment.author_name, "comment": comment.pk}, salt=AUTHOR_SALT)
    _set_cookie(request, response, AUTHOR_COOKIE, value, AUTHOR_MAX_AGE)


def forget_author(response):
    response.delete_cookie(AUTHOR_COOKIE, samesite="Lax")
