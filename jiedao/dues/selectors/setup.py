"""Reads of the federation's settings: the years and the splits."""

from django.db.models import QuerySet

from jiedao.dues.models import DuesSplit, DuesYear


def years_set(subdistrict_id: int) -> QuerySet[DuesYear]:
    """Every year's rate and due date, newest first."""
    return DuesYear.objects.filter(subdistrict_id=subdistrict_id).order_by("-year")


def all_splits(subdistrict_id: int) -> QuerySet[DuesSplit]:
    """Every year's split of each channel, newest first."""
    return DuesSplit.objects.filter(subdistrict_id=subdistrict_id).order_by("-year", "channel")
