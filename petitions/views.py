"""HTML views: the standalone petition page, the sign view the form posts to, the confirmation page, and the page
that unsubscribes a signer from a petition's updates."""

from urllib.parse import urlencode, urlsplit, urlunsplit

from django.http import Http404
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe
from wagtail.views import serve as serve_wagtail_page

from campaign_common.public_forms import csrf_protect_signed_in
from campaign_common.shared_cache import mark_shareable

from .embed import embed_path, render_embed
from .forms import SignatureForm
from .models import Petition, Signature, SignatureStatus
from .sharing import SOURCE_PARAMETER, petition_share_card, share_box, share_channel
from .signing import confirm_signature, same_site_path, sign_with_data
from .throttling import RateLimited, sign_throttle
from .tokens import InvalidToken, read_confirmation_token, read_unsubscribe_token, remember_signed
from .updates import unsubscribe as unsubscribe_signer

# Request attribute through which the sign view hands a submitted form to the petition panel it re-renders.
SUBMISSIONS_ATTRIBUTE = "petition_submissions"
NOT_PUBLISHED = _("There is no published petition with this id.")


def published_petition_or_404(pk):
    petition = Petition.objects.get_published(pk)
    if petition is None:
        raise Http404(NOT_PUBLISHED)
    return petition


def petition_page(request, pk):
    """The petition on a page of its own: for links in e-mails and for sites that place it on no page. A shared cache
    may keep it."""
    petition = published_petition_or_404(pk).in_language()
    mark_shareable(request)
    context = {"petition": petition, "share_card": petition_share_card(petition, request)}
    return render(request, "petitions/petition_page.html", context)


@require_safe
def embed(request, pk):
    """The petition panel alone, for an iframe on another site (see embed.py); a shared cache may keep it."""
    mark_shareable(request)
    return render_embed(request, published_petition_or_404(pk))


def petition_url_for(petition):
    return reverse("petitions:petition", args=[petition.pk])


def safe_next_url(request):
    """The same-site page the form was posted from (the `next` field), or None."""
    return same_site_path(request.POST.get("next", ""), request) or None


def with_signed_state(url, petition):
    """`url` with ?signed=<id>#petition-<id>, where the petition panel shows its thank-you state to the browser that
    signed (tokens.remember_signed): an address of its own, which caches keep apart from the page's."""
    parts = urlsplit(url)
    query = "&".join(part for part in [parts.query, urlencode({"signed": petition.pk})] if part)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, f"petition-{petition.pk}"))


def render_submission(request, petition, next_url, form, message="", status=200):
    """Show the form again, in place, with the visitor's input and the errors or refusal message.

    The page the form came from is served again through Wagtail (as a GET, so no page type handles our POST as
    its own), and its petition panel picks the submitted form up from the request. When there is no such page,
    or it does not show this petition, the petition's own page is shown instead. A post from the embed is answered
    with the embed, which may be framed (petitions/embed.py).
    """
    submission = {"form": form, "message": message, "next_url": next_url}
    setattr(request, SUBMISSIONS_ATTRIBUTE, {petition.pk: submission})
    if next_url and urlsplit(next_url).path == embed_path(petition):
        return render_embed(request, petition, status=status)
    response = serve_page_showing(request, next_url, petition) if next_url else None
    if response is None:
        response = TemplateResponse(request, "petitions/petition_page.html", {"petition": petition.in_language()})
    response.status_code = status
    return response


def serve_page_showing(request, url, petition):
    """The site's page at `url`, rendered, if it shows the petition's panel; else None."""
    # Routed as the site routes it: the address of a translated page starts with its language's prefix, which the
    # URLconf takes off before Wagtail looks for the page.
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return None
    if match.func is not serve_wagtail_page:
        return None
    request.method = "GET"
    try:
        response = serve_wagtail_page(request, *match.args, **match.kwargs)
    except Http404:
        return None
    if not isinstance(response, TemplateResponse):
        return None
    response.render()
    return response if f'id="petition-{petition.pk}"'.encode() in response.content else None


@csrf_protect_signed_in
@require_http_methods(["GET", "HEAD", "POST"])
def sign(request, pk):
    """Sign a petition from the HTML form; POST-redirect-GET back to the page on success. A GET (a reload of a
    refused form, a shared link) goes to the petition. The form comes from pages that shared caches keep, so an
    anonymous post needs no CSRF token (campaign_common.public_forms)."""
    if request.method != "POST":
        return redirect(petition_url_for(published_petition_or_404(pk)))
    petition = published_petition_or_404(pk)
    next_url = safe_next_url(request)
    throttle = sign_throttle(request, petition.pk)
    try:
        refusal = sign_form(request, petition, next_url, throttle)
    except RateLimited as limited:
        # An unbound form keeps the input without validating it (again: reCAPTCHA accepts a token once).
        form = SignatureForm(petition, initial=request.POST.dict())
        response = render_submission(request, petition, next_url, form, limited.limit.message, status=429)
        response["Retry-After"] = str(limited.limit.retry_after)
        return response
    if refusal is not None:
        form, message, status = refusal
        return render_submission(request, petition, next_url, form, message, status=status)
    response = redirect(with_signed_state(next_url or petition_url_for(petition), petition))
    remember_signed(request, response, petition)
    return response


def sign_form(request, petition, next_url, throttle):
    """Sign with the posted form; None once signed, else the form to show again with its message and status."""
    form, refusal = sign_with_data(
        petition, request.POST, request, throttle, referrer=next_url or "", share_channel=posted_share_channel(request)
    )
    if refusal:
        # Refused before any check, an unbound form keeps the input without validating it (nor asking reCAPTCHA).
        return form or SignatureForm(petition, initial=request.POST.dict()), refusal, 409
    return None if form.is_valid() else (form, "", 200)


def posted_share_channel(request):
    return share_channel(request.POST.get(SOURCE_PARAMETER, ""), request.headers.get("Referer", ""))


def confirmation_response(request, context, status=200):
    response = render(request, "petitions/confirm.html", context, status=status)
    # The token is in the URL: never pass it on to the sites that the page's share links lead to. Not "no-referrer":
    # browsers then send `Origin: null` with the page's own confirm button, and Django's CSRF check refuses it.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows a button; only its POST confirms, so mail scanners that follow links confirm nothing. The page
    speaks the language the signer signed in, whatever the language of its address."""
    try:
        signature_id = read_confirmation_token(token)
    except InvalidToken as error:
        return confirmation_response(request, {"invalid": True, "expired": error.expired}, status=400)
    signature = (
        Signature.objects.select_related("petition")
        .filter(pk=signature_id, anonymised_at__isnull=True, petition__is_published=True)
        .exclude(status=SignatureStatus.REJECTED)
        .first()
    )
    if signature is None:
        return confirmation_response(request, {"invalid": True}, status=404)
    with translation.override(signature.language):
        if request.method == "POST":
            confirm_signature(signature)
            return redirect("petitions:confirm", token=token)
        return confirmation_page(request, signature)


def confirmation_page(request, signature):
    """The confirmation page of a pending or confirmed signature, in the active language."""
    petition = signature.petition.in_language()
    # Checked again here: signatures stored before referrers were checked may hold another site's address.
    petition_url = same_site_path(signature.referrer, request) or petition_url_for(petition)
    context = {"signature": signature, "petition": petition, "petition_url": petition_url}
    if signature.status == SignatureStatus.CONFIRMED:
        # The confirmed page asks the signer to share the petition: the thank-you state's share box.
        page_url = request.build_absolute_uri(petition_url)
        context.update(share_box(page_url, petition.title))
    response = confirmation_response(request, context)
    response["Content-Language"] = translation.get_language()
    return response


def unsubscribe_response(request, context, status=200):
    response = render(request, "petitions/unsubscribe.html", context, status=status)
    # The token is in the URL: as on the confirmation page.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


# No CSRF token: mail clients post here for the signer (RFC 8058 one-click), and the signed token is the credential.
# Never cached: the page is one signer's.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET shows a button; its POST, or a mail client's one-click POST, unsubscribes the signer from the petition's
    updates. A GET changes nothing, so mail scanners that follow links unsubscribe nobody."""
    try:
        signature_id = read_unsubscribe_token(token)
    except InvalidToken:
        return unsubscribe_response(request, {"invalid": True}, status=400)
    signature = Signature.objects.select_related("petition").filter(pk=signature_id, anonymised_at__isnull=True).first()
    if signature is None:
        return unsubscribe_response(request, {"invalid": True}, status=404)
    with translation.override(signature.language):
        if request.method == "POST":
            unsubscribe_signer(signature)
            signature.refresh_from_db(fields=["updates_unsubscribed_at"])
        context = {"petition": signature.petition.in_language(), "unsubscribed": signature.updates_unsubscribed_at}
        response = unsubscribe_response(request, context)
        response["Content-Language"] = translation.get_language()
        return response
