"""Reads of 职工法律援助 that need care: the case lists (no summary, no notes), the
supervisor's log of reads, and the aggregate statistics everyone else sees."""

from jiedao.legalaid.selectors.cases import case_reads, case_rows, handler_choices
from jiedao.legalaid.selectors.stats import MIN_PEOPLE, default_stats_year, legal_aid_stats

__all__ = ["MIN_PEOPLE", "case_reads", "case_rows", "default_stats_year", "handler_choices", "legal_aid_stats"]
