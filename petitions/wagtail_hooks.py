"""Registers the petition chooser with the Wagtail admin (the petition and signature admin is registered by the
host project's "Campaigns" menu group, see campaign_cms/wagtail_hooks.py)."""

from wagtail import hooks

from .chooser import petition_chooser_viewset


@hooks.register("register_admin_viewset")
def register_petition_chooser():
    return petition_chooser_viewset
