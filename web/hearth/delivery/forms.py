from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from hearth.accounts.models import Organisation
from hearth.assets.models import Asset
from hearth.communities.models import Community
from hearth.core.forms import GovUKDateField, GovUKFormMixin
from hearthcore import delivery as core

from .models import KIND_CHOICES, STATUS_CHOICES, ActivityType, EventActivity, Service

MAX_UPLOAD = 10 * 1024 * 1024


def _model_field(form: forms.Form, name: str) -> forms.ModelChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
    return field


def _queryset(form: forms.Form, name: str, queryset: QuerySet[Any]) -> None:
    _model_field(form, name).queryset = queryset


def _labels(form: forms.Form, name: str, label: Callable[[Any], str]) -> None:
    """Show each choice of a model field as ``label(obj)``."""
    field = _model_field(form, name)
    field.label_from_instance = label  # type: ignore[method-assign,assignment]


def _group_label(g: Any) -> str:
    return f"{g.name} ({g.community.name})"


def _action_label(a: Any) -> str:
    return f"{a.objective.plan.community.name}: {a.title}"


def _venue_label(a: Any) -> str:
    return f"{a.name}" + (f", {core.format_postcode(a.postcode)}" if a.postcode else "")


class EventForm(GovUKFormMixin, forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=200,
        help_text="As residents will see it, e.g. Clayton Brook Week of Action",
        error_messages={"required": "Enter the event's name"},
    )
    kind = forms.ChoiceField(label="Kind of event", choices=KIND_CHOICES)
    summary = forms.CharField(
        label="What it is for",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="In plain English: residents read this on the timetable",
    )
    start = GovUKDateField(label="The first day", help_text="For example, 7 10 2025")
    end = GovUKDateField(
        label="The last day", help_text="The same as the first day for a one-day event"
    )
    lead = forms.ModelChoiceField(
        label="Lead organisation",
        queryset=Organisation.objects.all(),
        empty_label="Choose an organisation",
        error_messages={"required": "Choose the lead organisation"},
    )
    host_group = forms.ModelChoiceField(
        label="Hosted by a residents' or community group",
        queryset=Community.objects.none(),
        required=False,
        empty_label="No: not group-led",
        help_text="A group-led event invites the services the group has chosen",
    )
    communities = forms.ModelMultipleChoiceField(
        label="Communities it targets",
        queryset=Community.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    areas = forms.CharField(
        label="Other LSOAs it targets",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="LSOA 2021 codes separated by commas or spaces, e.g. E01024940",
    )
    wanted_kinds = forms.MultipleChoiceField(
        label="Kinds of partner you want taking part",
        choices=Organisation.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The event page shows a gap until one of each is coming",
    )
    wanted_activities = forms.ModelMultipleChoiceField(
        label="Activities you want on the timetable",
        queryset=ActivityType.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    plan_action = forms.ModelChoiceField(
        label="The plan action it delivers",
        queryset=Community.objects.none(),
        required=False,
        empty_label="None",
    )

    def __init__(
        self,
        *args: Any,
        leads: set[int] | None = None,
        groups: QuerySet[Any] | None = None,
        actions: QuerySet[Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.order_by("name")
        if leads is not None:
            organisations = organisations.filter(pk__in=leads)
        _queryset(self, "lead", organisations)
        from hearth.engagement.models import Group

        _queryset(
            self, "host_group", groups if groups is not None else Group.objects.none()
        )
        _labels(self, "host_group", _group_label)
        _queryset(
            self,
            "communities",
            Community.objects.active().order_by("name"),
        )
        _queryset(
            self,
            "wanted_activities",
            ActivityType.objects.filter(active=True).order_by("name"),
        )
        from hearth.plans.models import Action

        _queryset(
            self,
            "plan_action",
            actions if actions is not None else Action.objects.none(),
        )
        _labels(self, "plan_action", _action_label)

    def clean_areas(self) -> list[str]:
        text = self.cleaned_data.get("areas") or ""
        return [c.upper() for c in text.replace(",", " ").split() if c]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error(
                "end", "The last day must be the same as or after the first day"
            )
        if (
            not data.get("communities")
            and not data.get("areas")
            and not self.errors.get("areas")
        ):
            self.add_error(
                "communities", "Choose at least one community, or enter LSOAs"
            )
        return data


class VenuesForm(GovUKFormMixin, forms.Form):
    venues = forms.ModelMultipleChoiceField(
        label="Venues",
        queryset=Asset.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, choices: QuerySet[Asset], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _queryset(self, "venues", choices)
        _labels(self, "venues", _venue_label)


class InviteForm(GovUKFormMixin, forms.Form):
    organisations = forms.ModelMultipleChoiceField(
        label="Organisations to invite",
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one organisation to invite"},
    )
    message = forms.CharField(
        label="Message",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What you would like them to offer; their partner users are e-mailed it",
    )

    def __init__(
        self, *args: Any, choices: QuerySet[Organisation], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # The invitation page groups them under their kind: the name is enough.
        _queryset(self, "organisations", choices)


class RespondForm(GovUKFormMixin, forms.Form):
    answer = forms.ChoiceField(
        label="Can your organisation take part?",
        choices=[("accept", "Yes, we are coming"), ("decline", "No, we cannot come")],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether your organisation can take part"},
    )
    note = forms.CharField(
        label="Note for the organiser",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _time(label: str) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=False,
        input_formats=["%H:%M", "%H.%M", "%H%M"],
        help_text="24-hour clock, e.g. 09:30 or 14:00",
        error_messages={"invalid": f"{label} must be a time such as 09:30 or 14:00"},
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5"}),
    )


def _count(label: str, help_text: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        help_text=help_text,
        error_messages={
            "invalid": f"{label} must be a whole number",
            "min_value": f"{label} must be 0 or more",
        },
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}
        ),
    )


class ActivityForm(GovUKFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label="Who runs it",
        queryset=Organisation.objects.none(),
        empty_label=None,
    )
    activity_type = forms.ModelChoiceField(
        label="Type of activity",
        queryset=ActivityType.objects.none(),
        required=False,
        empty_label="Something else",
    )
    title = forms.CharField(
        label="What it is",
        max_length=200,
        required=False,
        help_text="As residents will read it; leave empty to use the type",
    )
    description = forms.CharField(
        label="Details for residents",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    date = GovUKDateField(label="The date it runs")
    starts = _time("Starts")
    ends = _time("Ends")
    venue = forms.ModelChoiceField(
        label="Venue",
        queryset=Asset.objects.none(),
        required=False,
        empty_label="Not at one of the event's venues",
    )
    place = forms.CharField(
        label="Or where",
        required=False,
        max_length=200,
        help_text="If not at a venue, e.g. door to door across the estate",
    )
    capacity = _count("Places", "How many people it can take; empty for no limit")
    staff = _count("Staff", "How many of your staff will be there")
    booking = forms.CharField(
        label="How to book",
        required=False,
        max_length=200,
        help_text="If residents need to book, e.g. call 01257 515151",
    )
    is_public = forms.BooleanField(
        label="Show it on the residents' timetable", required=False, initial=True
    )
    status = forms.ChoiceField(label="Status", choices=EventActivity.Status.choices)
    people_reached = _count("People reached", "After it has run")
    households_reached = _count("Households reached", "After it has run")

    def __init__(
        self,
        *args: Any,
        organisations: QuerySet[Organisation],
        venues: QuerySet[Asset],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _queryset(self, "organisation", organisations)
        _queryset(
            self,
            "activity_type",
            ActivityType.objects.filter(active=True).order_by("name"),
        )
        _queryset(self, "venue", venues)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("title") or "").strip() and not data.get("activity_type"):
            self.add_error("title", "Enter what the activity is, or choose its type")
        starts, ends = data.get("starts"), data.get("ends")
        if starts and ends and ends <= starts:
            self.add_error("ends", "The activity must end after it starts")
        if data.get("capacity") == 0:
            self.add_error(
                "capacity", "Places must be at least 1 (leave it empty for no limit)"
            )
        return data


class CopyForm(GovUKFormMixin, forms.Form):
    name = forms.CharField(
        label="Name of the new event",
        max_length=200,
        error_messages={"required": "Enter the new event's name"},
    )
    start = GovUKDateField(
        label="Its first day",
        help_text="Its activities move to the same days of the new dates",
    )


class RequestForm(GovUKFormMixin, forms.Form):
    service = forms.ModelChoiceField(
        label="Service asked for",
        queryset=Service.objects.none(),
        empty_label="Choose a service",
        error_messages={"required": "Choose the service asked for"},
    )
    organisation = forms.ModelChoiceField(
        label="Organisation asked",
        queryset=Organisation.objects.none(),
        empty_label="Choose an organisation",
        error_messages={"required": "Choose the organisation asked"},
    )
    uprn = forms.CharField(
        label="UPRN",
        required=False,
        max_length=12,
        help_text="The property's Unique Property Reference Number, if you know it",
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "class": "govuk-input--width-10"}
        ),
    )
    postcode = forms.CharField(
        label="Postcode",
        required=False,
        max_length=10,
        help_text="If you do not know the UPRN",
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "autocomplete": "off"}
        ),
    )
    requested = GovUKDateField(label="The date it was asked for")
    status = forms.ChoiceField(
        label="Status", choices=STATUS_CHOICES, initial="requested"
    )
    outcome = forms.CharField(
        label="Outcome",
        required=False,
        max_length=500,
        help_text="What was done (no names or health details)",
    )
    contact_phone = forms.CharField(
        label="Phone number",
        required=False,
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "type": "tel",
                "autocomplete": "off",
                "class": "govuk-input--width-20",
            }
        ),
    )
    contact_email = forms.EmailField(
        label="Email address",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    contact_note = forms.CharField(
        label="How and when to get in touch",
        required=False,
        max_length=300,
        help_text="For example: after 5pm, ring the side door. No names or health details",
    )

    def __init__(
        self,
        *args: Any,
        organisations: QuerySet[Organisation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _queryset(self, "service", Service.objects.filter(active=True).order_by("name"))
        _queryset(self, "organisation", organisations)

    def clean_uprn(self) -> int | None:
        text = (self.cleaned_data.get("uprn") or "").strip()
        if not text:
            return None
        uprn = core.clean_uprn(text)
        if uprn is None:
            raise forms.ValidationError(
                "Enter a UPRN of 1 to 12 digits, like 100010384312"
            )
        return uprn

    def clean_postcode(self) -> str:
        text = (self.cleaned_data.get("postcode") or "").strip()
        if not text:
            return ""
        code = core.clean_postcode(text)
        if code is None:
            raise forms.ValidationError("Enter a real postcode, like PR7 1DP")
        return code

    def clean_requested(self) -> dt.date | None:
        day = self.cleaned_data.get("requested")
        if day and day > timezone.localdate():
            raise forms.ValidationError(
                "The date it was asked for cannot be in the future"
            )
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("uprn") is None
            and not data.get("postcode")
            and "uprn" not in self.errors
            and "postcode" not in self.errors
        ):
            self.add_error("uprn", "Enter the property's UPRN or its postcode")
        return data


class UpdateForm(GovUKFormMixin, forms.Form):
    status = forms.ChoiceField(label="Status", choices=STATUS_CHOICES)
    outcome = forms.CharField(
        label="Outcome",
        required=False,
        max_length=500,
        help_text="What was done (no names or health details)",
    )
    note = forms.CharField(label="Note for the history", required=False, max_length=300)


class ContactForm(GovUKFormMixin, forms.Form):
    contact_phone = RequestForm.base_fields["contact_phone"]
    contact_email = RequestForm.base_fields["contact_email"]
    contact_note = RequestForm.base_fields["contact_note"]


class BulkForm(GovUKFormMixin, forms.Form):
    status = forms.ChoiceField(
        label="New status",
        choices=[("", "Choose a status"), *STATUS_CHOICES],
        error_messages={"required": "Choose the new status"},
    )
    outcome = forms.CharField(
        label="Outcome",
        required=False,
        max_length=500,
        help_text="Leave empty to keep each request's outcome",
    )


class ImportForm(GovUKFormMixin, forms.Form):
    file = forms.FileField(
        label="Spreadsheet (CSV or XLSX)",
        error_messages={"required": "Choose the file to import"},
    )
    create_missing = forms.BooleanField(
        label="Add services and organisations the file names that Hearth does not know",
        required=False,
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError("The file must be smaller than 10 MB")
        return upload


class NamedForm(GovUKFormMixin, forms.Form):
    name = forms.CharField(
        label="Name", max_length=120, error_messages={"required": "Enter the name"}
    )
    organisation_kind = forms.ChoiceField(
        label="Usually provided by",
        choices=[("", "Any kind of organisation"), *Organisation.Kind.choices],
        required=False,
    )
    active = forms.BooleanField(label="Offered in forms", required=False, initial=True)


class AddressImportForm(GovUKFormMixin, forms.Form):
    file = forms.FileField(
        label="Gazetteer extract or OS Open UPRN (CSV)",
        error_messages={"required": "Choose the file to import"},
    )
    replace = forms.BooleanField(
        label="This is a full LLPG extract: remove properties it does not list",
        required=False,
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 200 * 1024 * 1024:
            raise forms.ValidationError("The file must be smaller than 200 MB")
        return upload


class ReportToPlanForm(GovUKFormMixin, forms.Form):
    note = forms.CharField(
        label="What to record on the plan action",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what to record"},
    )
