"""Signed tokens: unsubscribe links, the cookie listing the comments a browser posted (the edit token), and the
cookie that remembers a visitor's name and e-mail when they ask for it."""

from django.core import signing

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


def remember_own_comment(request, response, comment):
    ids = sorted(read_own_comment_ids(request) | {comment.pk})[-OWN_COMMENTS_KEPT:]
    response.set_cookie(
        OWN_COMMENTS_COOKIE,
        signing.dumps(ids, salt=OWN_COMMENTS_SALT),
        max_age=OWN_COMMENTS_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def read_author(request):
    """The name and e-mail the visitor asked this browser to remember, or an empty dict."""
    author = read_cookie(request, AUTHOR_COOKIE, AUTHOR_SALT, AUTHOR_MAX_AGE)
    if not isinstance(author, dict):
        return {}
    return {key: author[key] for key in ("name", "email") if isinstance(author.get(key), str)}


def remember_author(request, response, name, email):
    response.set_cookie(
        AUTHOR_COOKIE,
        signing.dumps({"name": name, "email": email}, salt=AUTHOR_SALT),
        max_age=AUTHOR_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def forget_author(response):
    response.delete_cookie(AUTHOR_COOKIE, samesite="Lax")
