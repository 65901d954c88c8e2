"""The admin chooser for petitions: the modal PetitionBlock and any ForeignKey to Petition use to pick one."""

from wagtail.admin.viewsets.chooser import ChooserViewSet


class PetitionChooserViewSet(ChooserViewSet):
    """Choose a petition in page editors, newest first."""

    model = "petitions.Petition"
    icon = "doc-full-inverse"
    choose_one_text = "Choose a petition"
    choose_another_text = "Choose another petition"
    edit_item_text = "Edit this petition"


petition_chooser_viewset = PetitionChooserViewSet("petition_chooser", url_prefix="petitions/choose")
