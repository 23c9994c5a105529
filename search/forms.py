"""The site-wide search form: words, content types and a page number."""

from __future__ import annotations

from django import forms

from ehch.numbers import PAGE_NUMBER_ERRORS, AsciiIntegerField
from search.documents import KIND_LABELS


class SiteSearchForm(forms.Form):
    """Validates /search/?q=&type=&page=."""

    q = forms.CharField(
        required=False,
        max_length=200,
        label="Search the network",
        error_messages={
            "max_length": "Search words can be at most %(limit_value)d characters."
        },
    )
    type = forms.MultipleChoiceField(
        required=False,
        # Called when the form is made: apps add their kinds in ready().
        choices=lambda: list(KIND_LABELS.items()),
        label="Show only",
        error_messages={
            "invalid_choice": "“%(value)s” is not a kind of content we have."
        },
    )
    page = AsciiIntegerField(
        required=False,
        min_value=1,
        max_value=500,
        error_messages=PAGE_NUMBER_ERRORS,
    )
