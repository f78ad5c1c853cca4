from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from hearth.accounts.models import Organisation, User
from hearth.core.forms import GovUKDateField, GovUKFormMixin
from hearthcore import plans as core

from .models import INVOLVEMENT_CHOICES, STATUS_CHOICES, TERM_CHOICES


def _person(user: Any) -> str:
    return str(user.get_full_name() or user.username)


class PlanForm(GovUKFormMixin, forms.Form):
    summary = forms.CharField(
        label="What the plan is for",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="In plain English: residents read this on the public page",
    )
    officer = forms.ModelChoiceField(
        label="Lead community officer",
        queryset=User.objects.none(),
        required=False,
        empty_label="No one yet",
    )
    is_public = forms.BooleanField(
        label="Publish the plan's public page for residents", required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["officer"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = (
            User.objects.filter(is_active=True, memberships__role="community_officer")
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
        field.label_from_instance = _person  # type: ignore[method-assign,assignment]


class NoteForm(GovUKFormMixin, forms.Form):
    category = forms.ChoiceField(
        label="What it is about",
        error_messages={"required": "Choose what the note is about"},
    )
    text = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the note"},
    )
    source = forms.CharField(
        label="Source",
        required=False,
        max_length=300,
        help_text="Where it comes from: a conversation, a meeting, a report",
    )
    noted_on = GovUKDateField(label="Date", help_text="For example, 27 3 2025")

    def __init__(self, *args: Any, step: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["category"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101
        field.choices = list(core.NOTE_CATEGORIES[step].items())


class ObjectiveForm(GovUKFormMixin, forms.Form):
    title = forms.CharField(
        label="Objective",
        max_length=300,
        error_messages={"required": "Enter the objective"},
    )
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ActionForm(GovUKFormMixin, forms.Form):
    title = forms.CharField(
        label="Action",
        max_length=300,
        error_messages={"required": "Enter what the action is"},
    )
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    lead = forms.ModelChoiceField(
        label="Lead organisation",
        queryset=Organisation.objects.all(),
        empty_label="Choose an organisation",
        error_messages={"required": "Choose the lead organisation"},
    )
    partners = forms.ModelMultipleChoiceField(
        label="Partner organisations",
        queryset=Organisation.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    start = GovUKDateField(label="Start date", required=False)
    due = GovUKDateField(label="Due date", required=False)
    status = forms.ChoiceField(label="Status", choices=STATUS_CHOICES)
    progress = forms.IntegerField(
        label="Progress (%)",
        min_value=0,
        max_value=100,
        initial=0,
        help_text="From 0 to 100; a done action counts as 100",
        error_messages={
            "min_value": "Progress must be 0 or more",
            "max_value": "Progress must be 100 or less",
            "invalid": "Progress must be a whole number from 0 to 100",
            "required": "Enter the progress, from 0 to 100",
        },
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}
        ),
    )
    involvement = forms.ChoiceField(
        label="How the community is involved",
        choices=INVOLVEMENT_CHOICES,
        help_text="The IAP2 spectrum, from informing residents to residents leading",
    )
    community_lead = forms.CharField(
        label="Who in the community leads it",
        required=False,
        max_length=200,
        help_text="A residents' or community group, if one leads it (not a person's name)",
    )
    you_said = forms.CharField(
        label="What residents asked for ('you said')",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Shown to residents beside what was done",
    )
    is_public = forms.BooleanField(
        label="Show this action on the public page", required=False, initial=True
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, due = data.get("start"), data.get("due")
        if start and due and due < start:
            self.add_error("due", "The due date must be on or after the start date")
        return data


class UpdateForm(GovUKFormMixin, forms.Form):
    on = GovUKDateField(label="Date")
    note = forms.CharField(
        label="What was done",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what was done"},
    )
    status = forms.ChoiceField(label="Status", choices=STATUS_CHOICES)
    progress = forms.IntegerField(
        label="Progress (%)",
        min_value=0,
        max_value=100,
        error_messages={
            "min_value": "Progress must be 0 or more",
            "max_value": "Progress must be 100 or less",
            "invalid": "Progress must be a whole number from 0 to 100",
            "required": "Enter the progress, from 0 to 100",
        },
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}
        ),
    )
    is_public = forms.BooleanField(
        label="Residents can read this on the public page ('we did')",
        required=False,
        help_text="Leave unticked for internal notes",
    )

    def clean_on(self) -> Any:
        value = self.cleaned_data.get("on")
        if value and value > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future")
        return value


class MilestoneForm(GovUKFormMixin, forms.Form):
    reached_on = GovUKDateField(
        label="Date reached", required=False, help_text="Leave empty if not reached yet"
    )
    note = forms.CharField(label="Note", required=False, max_length=1000)

    def clean_reached_on(self) -> Any:
        value = self.cleaned_data.get("reached_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future")
        return value


class LogicModelForm(GovUKFormMixin, forms.Form):
    situation = forms.CharField(
        label="Situation",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The need or problem the plan responds to",
    )
    inputs = forms.CharField(
        label="Inputs",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Money, staff, volunteers, buildings and time that go in",
    )
    outputs = forms.CharField(
        label="Outputs",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the activities produce: sessions run, people reached",
    )


class OutcomeForm(GovUKFormMixin, forms.Form):
    term = forms.ChoiceField(
        label="Term",
        choices=TERM_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose short, medium or long term"},
    )
    text = forms.CharField(
        label="Outcome",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter the outcome"},
    )
    first_recorded = GovUKDateField(label="First recorded")

    def clean_first_recorded(self) -> Any:
        value = self.cleaned_data.get("first_recorded")
        if value and value > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future")
        return value


class ScheduleReviewForm(GovUKFormMixin, forms.Form):
    due = GovUKDateField(label="Review due")


class ReviewForm(GovUKFormMixin, forms.Form):
    held_on = GovUKDateField(label="Held on")
    learnt = forms.CharField(
        label="What was learnt",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what was learnt"},
    )
    changes = forms.CharField(
        label="What changes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Actions added, amended or stopped as a result",
    )

    def clean_held_on(self) -> Any:
        value = self.cleaned_data.get("held_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future")
        return value


class ImportForm(GovUKFormMixin, forms.Form):
    file = forms.FileField(
        label="Plan spreadsheet",
        help_text="CSV or XLSX with the template's columns",
        error_messages={"required": "Choose a CSV or XLSX file"},
    )
    create_organisations = forms.BooleanField(
        label="Create organisations the file names that Hearth does not know",
        required=False,
    )
