from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from hearth.core.forms import GovUKDateField, GovUKFormMixin

from .models import OutcomeEvidence


class _Choosing(forms.Form):
    def _choices(self, name: str, choices: list[tuple[Any, str]]) -> None:
        field = self.fields[name]
        if isinstance(field, forms.ChoiceField):
            field.choices = choices


class EvaluationForm(GovUKFormMixin, forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example, Year 1 evaluation",
        error_messages={"required": "Enter a title"},
    )
    period_start = GovUKDateField(
        label="Period from",
        error_messages={"required": "Enter the date the period starts"},
    )
    period_end = GovUKDateField(
        label="Period to", error_messages={"required": "Enter the date the period ends"}
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error(
                "period_end", "The period must end on or after the day it starts"
            )
        return data


class NarrativeForm(GovUKFormMixin, forms.Form):
    text = forms.CharField(
        label="Narrative",
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=20_000,
        help_text="What changed, for whom, and what was learnt. Earlier versions are kept.",
        error_messages={"required": "Enter the narrative"},
    )
    note = forms.CharField(
        label="What changed in this version (optional)", max_length=200, required=False
    )


class EvidenceForm(GovUKFormMixin, _Choosing):
    kind = forms.ChoiceField(
        label="Kind of evidence",
        choices=OutcomeEvidence.Kind.choices,
        error_messages={"required": "Choose the kind of evidence"},
    )
    summary = forms.CharField(
        label="What it shows",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text="With its date, for example: 41 smoke alarms fitted in March 2026",
        error_messages={"required": "Enter what the evidence shows"},
    )
    source = forms.CharField(label="Source (optional)", max_length=300, required=False)
    indicator = forms.CharField(
        label="Indicator (optional)",
        max_length=160,
        required=False,
        help_text="For an area indicator, its name, for example IoD 2025 health domain",
    )
    story = forms.TypedChoiceField(
        label="Story (for story evidence)", required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, stories: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices(
            "story",
            [("", "Choose a story")]
            + [(s.pk, f"{s.date:%d %b %Y}: {s.title or s.text[:60]}") for s in stories],
        )


class SroiForm(GovUKFormMixin, _Choosing):
    name = forms.CharField(
        label="Name",
        max_length=200,
        help_text="For example, Week of Action 2026 or the community plan, year 1",
        error_messages={"required": "Enter a name"},
    )
    file = forms.FileField(
        label="Impact map",
        help_text="CSV or XLSX with the template's columns",
        error_messages={"required": "Choose a CSV or XLSX file"},
    )
    discount_rate = forms.DecimalField(
        label="Discount rate, per cent a year",
        initial=Decimal("3.5"),
        min_value=Decimal(0),
        max_value=Decimal("99.99"),
        decimal_places=2,
        help_text="The HM Treasury Green Book rate is 3.5",
        error_messages={
            "required": "Enter the discount rate",
            "invalid": "Enter the discount rate as a number, like 3.5",
        },
    )
    project = forms.TypedChoiceField(
        label="Project (optional)", required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, projects: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices(
            "project", [("", "The whole plan")] + [(p.pk, p.title) for p in projects]
        )


class SroiSettingsForm(GovUKFormMixin, forms.Form):
    discount_rate = forms.DecimalField(
        label="Discount rate, per cent a year",
        min_value=Decimal(0),
        max_value=Decimal("99.99"),
        decimal_places=2,
        error_messages={
            "required": "Enter the discount rate",
            "invalid": "Enter the discount rate as a number, like 3.5",
        },
    )
    wellby_people = forms.IntegerField(
        label="People measured before and after (optional)",
        min_value=1,
        required=False,
        error_messages={"invalid": "Enter the people measured as a whole number"},
    )
    wellby_change = forms.FloatField(
        label="Their mean change in life satisfaction (ONS4, 0 to 10)",
        min_value=-10,
        max_value=10,
        required=False,
        help_text="From paired measures, for example 0.8",
        error_messages={"invalid": "Enter the change as a number, like 0.8"},
    )
    wellby_uprating = forms.FloatField(
        label="Uprating factor from 2019 prices",
        min_value=0.01,
        max_value=10,
        help_text="1 keeps 2019 prices; use the GDP deflator's ratio for this year",
        error_messages={
            "required": "Enter the uprating factor",
            "invalid": "Enter the uprating factor as a number, like 1.2",
        },
    )
    wellby_source = forms.CharField(
        label="Source of the measured change (optional)", max_length=300, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        people, change = data.get("wellby_people"), data.get("wellby_change")
        if (people is None) != (change is None) and not self.errors:
            missing = "wellby_change" if people is not None else "wellby_people"
            self.add_error(
                missing, "Enter both the people measured and their mean change"
            )
        return data


class ImpactMapForm(GovUKFormMixin, forms.Form):
    file = forms.FileField(
        label="A new impact map",
        help_text="CSV or XLSX with the template's columns; it replaces the stored one",
        error_messages={"required": "Choose a CSV or XLSX file"},
    )
