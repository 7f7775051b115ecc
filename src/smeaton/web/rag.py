"""RAG, said once: its values, words and GOV.UK tag colours, for milestones and
indicators alike. A tag always shows the words; the colour only repeats them."""

from django.db import models


class Rag(models.TextChoices):
    COMPLETE = "complete", "Complete"
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"
    NOT_STARTED = "not_started", "Not started"

    @property
    def tag_class(self) -> str:
        return TAG_CLASSES[self]


TAG_CLASSES = {
    Rag.COMPLETE: "govuk-tag--blue",
    Rag.GREEN: "govuk-tag--green",
    Rag.AMBER: "govuk-tag--yellow",
    Rag.RED: "govuk-tag--red",
    Rag.NOT_STARTED: "govuk-tag--grey",
}
NOT_RATED = "Not rated"  # an indicator with no target, or no figure to rate


def words(rag: str | None) -> str:
    return Rag(rag).label if rag else NOT_RATED
