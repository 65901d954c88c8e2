"""The "Campaigns" admin menu: petitions, signatures, updates to signers and comments in one group."""

from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from comments.modeladmin import CommentAdmin
from petitions.modeladmin import PetitionAdmin, SignatureAdmin
from petitions.update_admin import PetitionUpdateAdmin


class CampaignsAdminGroup(ModelAdminGroup):
    """The apps' admin pages under one menu item."""

    menu_label = _("Campaigns")
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (PetitionAdmin, SignatureAdmin, PetitionUpdateAdmin, CommentAdmin)


modeladmin_register(CampaignsAdminGroup)
