"""The admin chooser for petitions: the modal PetitionBlock and any ForeignKey to Petition use to pick one.

It searches petitions by title and target (Petition is indexed by Wagtail's search, which gives the chooser its
search box) and shows each one's status beside its title.
"""

from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet


def status_label(petition):
    return petition.get_status().label


class PetitionColumnsMixin:
    """The chooser's columns: the title (a link that chooses the petition) and the status."""

    @property
    def columns(self):
        return [*super().columns, Column("status", label=gettext_lazy("Status"), accessor=status_label)]


class PetitionChooseView(PetitionColumnsMixin, ChooseView):
    pass


class PetitionChooseResultsView(PetitionColumnsMixin, ChooseResultsView):
    pass


class PetitionChooserViewSet(ChooserViewSet):
    """Choose a petition in page editors, newest first."""

    model = "petitions.Petition"
    icon = "doc-full-inverse"
    choose_one_text = gettext_lazy("Choose a petition")
    choose_another_text = gettext_lazy("Choose another petition")
    edit_item_text = gettext_lazy("Edit this petition")
    choose_view_class = PetitionChooseView
    choose_results_view_class = PetitionChooseResultsView


petition_chooser_viewset = PetitionChooserViewSet("petition_chooser", url_prefix="petitions/choose")
