"""The form an area fills in to share its own case study, with its results and sources.

The same fields editors use (``CaseStudyPage``, ``CaseStudyOutcome``,
``CaseStudySource``), with labels written for the person who did the work
rather than for an editor. The story is asked for as plain text, one box per
section, and becomes the page's narrative blocks; nothing the author types is
treated as HTML.

Every part works without JavaScript: "Add another result" and "Add another
source" are submit buttons that show the form again, with what was typed and
one more empty row, without checking anything yet.
"""

from __future__ import annotations

from django import forms
from django.forms.models import construct_instance
from django.utils.html import escape, strip_tags
from wagtail.rich_text import RichText

from casestudies.models import CaseStudyOutcome, CaseStudyPage, CaseStudySource
from casestudies.models.pages import NARRATIVE_SECTIONS, check_contact, check_size
from ehch.error_summary import without_blank_choice

#: Empty rows offered for results and sources on a new form.
EMPTY_ROWS = 2
#: Rows are capped so a crafted request cannot build an enormous page.
MAX_ROWS = 30

# The story's sections: (field and block name, label, help text, required).
STORY_HELP = {
    "how_they_started": (
        "Who started it, why then, and the first steps: for example two "
        "practices and four homes, or a plan across the whole area.",
        True,
    ),
    "what_they_did": (
        "What changed for residents and staff: visits, training, shared "
        "records, a named clinician.",
        True,
    ),
    "relationships_and_trust": (
        "How care homes, practices and other services came to trust each "
        "other, and what got in the way.",
        False,
    ),
    "leadership": ("Who led, at which levels, and how.", False),
    "what_they_would_do_differently": (
        "What you would tell an area starting now.",
        False,
    ),
}

PAGE_FIELDS = [
    "title",
    "area",
    "summary",
    "region",
    "lead_organisation",
    "lead_type",
    "partners",
    "vanguard",
    "year_started",
    "homes",
    "nursing_homes",
    "beds",
    "residents",
    "size_note",
    "approach",
    "rollout",
    "resourcing",
    "resourcing_detail",
    "resourcing_amount",
    "resourcing_amount_note",
    "challenges",
    "elements",
    "residents_involved",
    "residents_involvement_detail",
    "contact_name",
    "contact_role",
    "contact_email",
    "contact_consent",
]


def text_to_rich_text(text: str) -> str:
    """Plain text as paragraphs of escaped HTML: blank lines split paragraphs."""
    paragraphs = [part.strip() for part in text.replace("\r\n", "\n").split("\n\n")]
    return "".join(
        "<p>" + "<br/>".join(escape(line) for line in part.splitlines()) + "</p>"
        for part in paragraphs
        if part
    )


def rich_text_to_text(html: str) -> str:
    """The reverse, for showing a story again in plain boxes."""
    html = html.replace("<br/>", "\n").replace("<br>", "\n").replace("</p>", "\n\n")
    return strip_tags(html).strip()


class CaseStudyShareForm(forms.ModelForm):
    """The case study's own fields, in the words of the area sharing it."""

    confirm = forms.BooleanField(
        label="I may share this on behalf of the organisations named, and it "
        "names no resident or family member",
        help_text="Editors read everything before it is published and may ask "
        "you to change it.",
        error_messages={
            "required": "Confirm that you may share this and that it names no "
            "resident or family member."
        },
    )

    class Meta:
        model = CaseStudyPage
        fields = PAGE_FIELDS
        labels = {
            "title": "A short title",
            "area": "Your area",
            "summary": "In one or two sentences: what did you do?",
            "lead_organisation": "The organisation that led the work",
            "lead_type": "What kind of organisation led it",
            "partners": "Partner organisations",
            "vanguard": "Was your area a vanguard?",
            "year_started": "The year the work began",
            "approach": "How did it begin?",
            "rollout": "How were care homes brought in?",
            "resourcing": "How much new money or staff time went in?",
            "resourcing_detail": "Where the money or time came from",
            "resourcing_amount": "The amount of new money (£)",
            "challenges": "What got in the way?",
            "elements": "Which parts of the framework did you work on?",
            "residents_involved": "Did residents and families help decide what "
            "success looks like?",
            "residents_involvement_detail": "How residents and families were involved",
            "contact_name": "Name of a contact",
            "contact_role": "Their job and organisation",
            "contact_email": "Their email address",
            "contact_consent": "This person agreed to be named on the page",
        }
        help_texts = {
            "title": "For example: How two practices and four homes began in Ashford.",
            "area": "As people know it: a town, a borough or an integrated care "
            "system.",
            "summary": "Shown in lists and search results.",
            "partners": "One per line.",
            "year_started": "For example 2019.",
            "homes": "How many care homes took part, as a number.",
            "size_note": "For example: about 70 homes, in 2018.",
            "resourcing_amount": "In pounds, if you can share it. Readers see "
            "it divided by the number of homes.",
            "resourcing_detail": "In a sentence or two, with an amount if you "
            "can share it.",
            "contact_name": "Someone other areas may ask about this work. Leave "
            "empty if nobody has agreed.",
            "contact_email": "Shown only to signed-in approved members of the network.",
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "partners": forms.Textarea(attrs={"rows": 3}),
            "resourcing_detail": forms.Textarea(attrs={"rows": 3}),
            "residents_involvement_detail": forms.Textarea(attrs={"rows": 3}),
            "approach": forms.CheckboxSelectMultiple,
            "rollout": forms.CheckboxSelectMultiple,
            "challenges": forms.CheckboxSelectMultiple,
            "elements": forms.CheckboxSelectMultiple,
            "vanguard": forms.RadioSelect,
            "residents_involved": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, label in NARRATIVE_SECTIONS:
            help_text, required = STORY_HELP[name]
            self.fields[name] = forms.CharField(
                label=label,
                help_text=help_text,
                required=required,
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 6}),
                error_messages={"required": f"Tell us: {label.lower()}."},
            )
        # The confirmation goes last, after the story.
        self.fields["confirm"] = self.fields.pop("confirm")
        for name in ("year_started", "homes", "nursing_homes", "beds", "residents"):
            self.fields[name].widget = forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "off"}
            )
        self.fields["resourcing_amount"].widget = forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off"}
        )
        self.fields["contact_email"].widget.attrs["autocomplete"] = "off"
        for name in ("region", "lead_type", "resourcing"):
            self.fields[name].empty_label = "Choose one (optional)"

    def clean(self) -> dict:  # noqa: D102
        cleaned = super().clean()
        check_contact(self, cleaned)
        check_size(self, cleaned)
        return cleaned

    def _post_clean(self) -> None:
        # Copy the values onto the page, without the page's own full_clean: that
        # checks the slug among the page's siblings, and this page has no
        # place in the tree yet (sharing.py gives it one, with a free slug).
        # Each field's own validators already ran in the form fields.
        self.instance = construct_instance(self, self.instance, PAGE_FIELDS)

    def story_blocks(self) -> list[tuple[str, RichText]]:
        """The story's non-empty sections as narrative blocks."""
        return [
            (name, RichText(text_to_rich_text(self.cleaned_data[name])))
            for name, _label in NARRATIVE_SECTIONS
            if self.cleaned_data.get(name, "").strip()
        ]


class OutcomeShareForm(forms.ModelForm):
    """One result, held the way the area's figures come."""

    class Meta:
        model = CaseStudyOutcome
        fields = [
            "measure_term",
            "measure",
            "unit",
            "population",
            "method",
            "period",
            "compared_with",
            "effect_percent",
            "effect_lower",
            "effect_upper",
            "baseline_value",
            "baseline_period",
            "latest_value",
            "latest_period",
            "source_title",
            "source_url",
            "note",
        ]
        labels = {
            "measure_term": "What was measured",
            "measure": "In your words",
            "unit": "Unit (optional)",
            "method": "How was it found?",
            "effect_percent": "Change in per cent",
            "source_title": "Where the figures are published",
            "source_url": "Web address of that document",
            "note": "Anything a reader needs to read the figures fairly",
        }
        help_texts = {
            "measure_term": "Choose from the list so your result can be set "
            "beside other areas'. Leave it if nothing fits.",
            "measure": "For example: emergency admissions from our 12 homes.",
            "effect_percent": "For example -18 for 18% lower. Only if the figures "
            "were compared with other homes or with what was expected.",
        }
        widgets = {
            "method": forms.RadioSelect,
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measure_term"].empty_label = "Choose a measure (optional)"
        without_blank_choice(self, "method")
        for name in (
            "effect_percent",
            "effect_lower",
            "effect_upper",
            "baseline_value",
            "latest_value",
        ):
            # Decimal inputs as text with a numeric keyboard: type=number
            # silently drops "18%" in some browsers instead of saying why.
            self.fields[name].widget = forms.TextInput(
                attrs={"inputmode": "decimal", "autocomplete": "off"}
            )
            self.fields[name].error_messages["invalid"] = (
                "Enter a number only, without % or commas, for example -18 or 24.5."
            )


class SourceShareForm(forms.ModelForm):
    """A public document about the work."""

    class Meta:
        model = CaseStudySource
        fields = ["title", "url", "publisher"]
        labels = {"title": "Title of the document", "url": "Its web address"}


class RowFormSet(forms.BaseFormSet):
    """Rows of results or sources: a row left blank is ignored.

    Every row counts as an extra row (never an "initial" one), so a blank row
    is allowed and skipped, and a filled row is checked, whether it came from
    the author's last draft, from "Add another" or from the empty ones offered.
    """

    def initial_form_count(self) -> int:  # noqa: D102
        return 0

    def rows(self) -> list:
        """The objects of the rows that were filled in and not removed."""
        return [
            form.save(commit=False)
            for form in self.forms
            if form.has_changed() and not self._should_delete_form(form)
        ]


def row_formset(
    formset_class: type[RowFormSet], prefix: str, initial: list[dict] | None = None
) -> RowFormSet:
    """An unbound formset showing ``initial`` rows and EMPTY_ROWS blank ones."""
    initial = (initial or [])[:MAX_ROWS]
    formset = formset_class(prefix=prefix, initial=initial)
    formset.extra = min(len(initial) + EMPTY_ROWS, MAX_ROWS)
    return formset


def _rows_of(form_class: type[forms.ModelForm]) -> type[RowFormSet]:
    return forms.formset_factory(
        form_class,
        formset=RowFormSet,
        extra=0,
        can_delete=True,
        max_num=MAX_ROWS,
        absolute_max=MAX_ROWS,
        validate_max=True,
    )


OutcomeFormSet = _rows_of(OutcomeShareForm)
SourceFormSet = _rows_of(SourceShareForm)


def initial_from_page(page: CaseStudyPage) -> dict:
    """What the form shows for a case study already shared (the latest draft)."""
    initial = {}
    for name in PAGE_FIELDS:
        value = getattr(page, name)
        if name in ("approach", "rollout", "challenges", "elements"):
            value = [term.pk for term in value.all()]
        elif hasattr(value, "pk"):
            value = value.pk
        initial[name] = value
    for block in page.narrative:
        if block.block_type in STORY_HELP:
            initial[block.block_type] = rich_text_to_text(block.value.source)
    return initial


def row_initial(rows, form_class: type[forms.ModelForm]) -> list[dict]:
    """Initial values of formset rows from saved or in-memory row objects."""
    names = [
        "measure_term_id" if name == "measure_term" else name
        for name in form_class._meta.fields
    ]
    return [
        {name.removesuffix("_id"): getattr(row, name) for name in names} for row in rows
    ]


def unbound_copy(formset: RowFormSet, more_rows: int = 0) -> RowFormSet:
    """An unbound copy of a posted formset, with ``more_rows`` blank rows added.

    The copy shows what was typed in each row without checking it: after
    "Add another", rows nobody has finished yet get no error messages.
    """
    rows = [as_initial(form) for form in formset.forms][:MAX_ROWS]
    copy = type(formset)(prefix=formset.prefix, initial=rows)
    copy.extra = min(len(rows) + more_rows, MAX_ROWS)
    return copy


def as_initial(form: forms.BaseForm) -> dict:
    """What a bound form holds, as initial values for an unbound copy.

    Showing the form again after "Add another" must not show errors for
    rows nobody has finished yet; an unbound copy with these values does not.
    """
    values = {}
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            values[name] = widget.value_from_datadict(form.data, form.files, key)
        elif isinstance(field, forms.MultipleChoiceField):
            values[name] = form.data.getlist(key)
        elif key in form.data:
            values[name] = form.data.get(key)
    return values
