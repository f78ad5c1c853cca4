from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from hearth.accounts.models import Organisation
from hearth.assets.models import Asset
from hearth.communities.models import Community
from hearth.core.forms import GovUKDateField, GovUKFormMixin
from hearthcore import engagement as core
from hearthcore import reach

from .models import Group, Story, Theme

COUNT_ERRORS = {
    "min_value": "Enter 0 or more",
    "invalid": "Enter a whole number",
}


def _count(
    label: str, *, required: bool = False, help_text: str = ""
) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        required=required,
        help_text=help_text,
        error_messages={**COUNT_ERRORS, "required": f"Enter the {label.lower()}"},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "class": "govuk-input govuk-input--width-4"}
        ),
    )


def _not_future(value: Any) -> Any:
    if value and value > timezone.localdate():
        raise forms.ValidationError("The date cannot be in the future")
    return value


class ActivityForm(GovUKFormMixin, forms.Form):
    date = GovUKDateField(label="Date")
    kind = forms.ChoiceField(label="Kind of activity", choices=list(core.KINDS.items()))
    organisation = forms.ModelChoiceField(
        label="Who ran it",
        queryset=Organisation.objects.all(),
        empty_label="Choose an organisation",
        error_messages={"required": "Choose the organisation that ran it"},
    )
    asset = forms.ModelChoiceField(
        label="Where: a place in the asset register",
        queryset=Asset.objects.none(),
        required=False,
        empty_label="Not a listed place",
    )
    place = forms.CharField(
        label="Or: a postcode or a description of the place",
        required=False,
        max_length=200,
        help_text="A postcode places it on the map, for example PR7 1DP",
    )
    people = _count("People reached", required=True)
    heard = forms.CharField(
        label="What we heard",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="No names, e-mail addresses or phone numbers",
    )
    themes = forms.ModelMultipleChoiceField(
        label="Themes",
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    follow_up = forms.CharField(
        label="Follow-up (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Something to do next; it can become a plan action",
    )

    def __init__(self, *args: Any, community: Community, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for group, label in {**reach.AGE_GROUPS, **reach.ETHNIC_GROUPS}.items():
            self.fields[group] = _count(label)
        self.fields["disabled"] = _count(
            "Disabled", help_text="How many of them said they are disabled"
        )
        field = self.fields["asset"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = (
            Asset.objects.filter(
                lsoa21__in=community.area_codes(), status=Asset.Status.PUBLISHED
            )
            .only("id", "name", "category")
            .order_by("name")
        )

    def clean_date(self) -> Any:
        return _not_future(self.cleaned_data.get("date"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        people = data.get("people")
        if people is None:
            return data
        for fields, name, last in (
            (tuple(reach.AGE_GROUPS), "age bands", "aged_65_and_over"),
            (tuple(reach.ETHNIC_GROUPS), "ethnic groups", "other_ethnic_group"),
        ):
            total = sum(data.get(f) or 0 for f in fields)
            if total > people:
                self.add_error(
                    last,
                    f"The {name} add up to {total}, more than the {people} people reached",
                )
        if (data.get("disabled") or 0) > people:
            self.add_error("disabled", f"That is more than the {people} people reached")
        return data

    def age_fields(self) -> list[forms.BoundField]:
        return [self[g] for g in reach.AGE_GROUPS]

    def ethnic_fields(self) -> list[forms.BoundField]:
        return [self[g] for g in reach.ETHNIC_GROUPS]


class ReachForm(forms.Form):
    start = GovUKDateField(label="From", required=False)
    end = GovUKDateField(label="To", required=False)


class ImportForm(GovUKFormMixin, forms.Form):
    file = forms.FileField(
        label="Activities spreadsheet",
        help_text="CSV or XLSX with the template's columns",
        error_messages={"required": "Choose a CSV or XLSX file"},
    )


class FollowUpForm(GovUKFormMixin, forms.Form):
    text = forms.CharField(
        label="Follow-up",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter the follow-up"},
    )


class ThemeForm(GovUKFormMixin, forms.Form):
    name = forms.CharField(
        label="New theme",
        max_length=100,
        error_messages={"required": "Enter the theme"},
    )


class SiteForm(GovUKFormMixin, forms.Form):
    name = forms.CharField(
        label="Name", max_length=200, help_text="For example, Let's Talk Blacon"
    )
    asset = forms.ModelChoiceField(
        label="Where (from the asset register)",
        queryset=Asset.objects.filter(status=Asset.Status.PUBLISHED).only("id", "name"),
        error_messages={"required": "Choose where the drop-in is held"},
    )
    organisation = forms.ModelChoiceField(
        label="Who runs it",
        queryset=Organisation.objects.all(),
        error_messages={"required": "Choose who runs it"},
    )
    community = forms.ModelChoiceField(
        label="Community it serves",
        queryset=Community.objects.active(),
        required=False,
        empty_label="Not one community",
        help_text="Its sessions then count in that community's reach",
    )
    opening_hours = forms.CharField(
        label="When it runs",
        max_length=300,
        help_text="OpenStreetMap opening_hours, for example Tu 10:00-12:00; PH off",
        error_messages={"required": "Enter when it runs"},
    )
    description = forms.CharField(
        label="What happens there",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    is_public = forms.BooleanField(
        label="Show it to residents", required=False, initial=True
    )

    def clean_opening_hours(self) -> str:
        from hearthcore import hours

        value = str(self.cleaned_data.get("opening_hours", ""))
        try:
            hours.parse(value)
        except hours.HoursError as error:
            raise forms.ValidationError(f"The times cannot be read: {error}") from None
        return value


class SessionForm(GovUKFormMixin, forms.Form):
    date = GovUKDateField(label="Date of the session")
    visits = _count("Visits", required=True)
    notes = forms.CharField(
        label="Notes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What came up (no names or contact details)",
    )
    signposted_assets = forms.ModelMultipleChoiceField(
        label="Signposted to (places in the asset register)",
        queryset=Asset.objects.filter(status=Asset.Status.PUBLISHED).only("id", "name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="Hold Ctrl (or Cmd) to choose more than one",
    )
    signposted_services = forms.CharField(
        label="Signposted to (other services)",
        required=False,
        help_text="Separated by ; for example Citizens Advice; Foodbank",
    )

    def clean_date(self) -> Any:
        return _not_future(self.cleaned_data.get("date"))


class GroupForm(GovUKFormMixin, forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=200,
        error_messages={"required": "Enter the group's name"},
    )
    stage = forms.ChoiceField(label="Stage", choices=Group.Stage.choices)
    description = forms.CharField(
        label="What it does", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    meets = forms.CharField(
        label="When and where it meets", required=False, max_length=300
    )
    supported_by = forms.ModelChoiceField(
        label="Supported by", queryset=Organisation.objects.all(), required=False
    )
    invited = forms.ModelMultipleChoiceField(
        label="Services the group has chosen to invite",
        queryset=Organisation.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class MilestoneForm(GovUKFormMixin, forms.Form):
    date = GovUKDateField(label="Date")
    text = forms.CharField(
        label="What happened",
        max_length=300,
        error_messages={"required": "Enter what happened"},
    )

    def clean_date(self) -> Any:
        return _not_future(self.cleaned_data.get("date"))


class StoryForm(GovUKFormMixin, forms.Form):
    title = forms.CharField(label="Title (optional)", required=False, max_length=200)
    text = forms.CharField(
        label="The story or quote",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the story or quote"},
    )
    date = GovUKDateField(label="Date")
    perspective = forms.ChoiceField(
        label="Whose perspective it is",
        choices=Story.Perspective.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whose perspective it is"},
    )
    themes = forms.ModelMultipleChoiceField(
        label="Themes",
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    consent_recorded_on = GovUKDateField(
        label="Consent was given on",
        help_text="A story cannot be saved without consent",
    )
    consent_how = forms.CharField(
        label="How consent was given",
        max_length=200,
        help_text="For example, signed consent form; agreed verbally and recorded",
        error_messages={"required": "Say how consent was given"},
    )
    consent_internal = forms.BooleanField(
        label="Consent covers internal use (evaluation, reports to partners)",
        required=False,
        initial=True,
    )
    consent_public = forms.BooleanField(
        label="Consent covers public use (the community's public page)", required=False
    )
    consent_attribution = forms.BooleanField(
        label="Consent covers crediting the person by name", required=False
    )
    anonymised = forms.BooleanField(
        label="Anonymised: names and details that identify anyone are removed",
        required=False,
        initial=True,
    )
    attribution = forms.CharField(
        label="Credit as",
        required=False,
        max_length=200,
        help_text="Only with consent to be credited, for example 'Maureen, a resident for 40 years'",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("date", "consent_recorded_on"):
            if data.get(name) and data[name] > timezone.localdate():
                self.add_error(name, "The date cannot be in the future")
        if not (data.get("consent_internal") or data.get("consent_public")):
            self.add_error(
                "consent_internal",
                "Consent must cover at least internal use for the story to be kept",
            )
        if (data.get("attribution") or "").strip() and not data.get(
            "consent_attribution"
        ):
            self.add_error(
                "attribution",
                "Remove the credit, or record consent to be credited by name",
            )
        return data
