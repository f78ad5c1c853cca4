"""Forms for referrals, in GOV.UK Design System markup."""

from __future__ import annotations

from typing import Any

from django import forms

from hearth.accounts.models import Organisation, User
from hearth.core.forms import GovUKDateField, GovUKFormMixin
from hearthcore import outcomes
from hearthcore.prescribing import nhs_number_valid

from .models import CloseReason, ContactWay, Reason, Source, WellbeingMeasure


def DateField(*, label: str, past_only: bool = True, **kwargs: Any) -> GovUKDateField:
    """A GOV.UK date; referral dates are today or earlier unless said otherwise."""
    kwargs.setdefault("help_text", "For example, 27 3 2025")
    return GovUKDateField(label=label, past_only=past_only, **kwargs)


class ReferralForm(GovUKFormMixin, forms.Form):
    """The person, who referred them and why: the intake form (and corrections)."""

    organisation: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Send the referral to",
        queryset=Organisation.objects.none(),
        empty_label=None,
        help_text="The social prescribing team that will contact the person",
    )
    given_name = forms.CharField(
        label="First name",
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    family_name = forms.CharField(
        label="Last name",
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    date_of_birth = DateField(
        label="Date of birth", required=False, help_text="For example, 27 3 1950"
    )
    nhs_number = forms.CharField(
        label="NHS number (if known)",
        required=False,
        max_length=14,
        help_text="10 digits, for example 485 777 3456",
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "class": "govuk-input--width-10",
                "autocomplete": "off",
            }
        ),
    )
    phone = forms.CharField(
        label="Phone",
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
    email = forms.EmailField(
        label="E-mail",
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    address = forms.CharField(label="Address", required=False, max_length=300)
    postcode = forms.CharField(
        label="Postcode",
        required=False,
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "class": "govuk-input--width-10"}
        ),
    )
    preferred_contact = forms.ChoiceField(
        label="Best way to contact them",
        required=False,
        choices=[("", "Not known"), *ContactWay.choices],
    )
    contact_notes = forms.CharField(
        label="When and how to contact them",
        required=False,
        max_length=300,
        help_text="For example, call after 2pm; needs an interpreter",
    )
    source = forms.ChoiceField(
        label="Who is referring them", choices=Source.choices, widget=forms.RadioSelect
    )
    referrer_name = forms.CharField(
        label="Referrer's name", required=False, max_length=200
    )
    referrer_organisation = forms.CharField(
        label="Referrer's organisation",
        required=False,
        max_length=200,
        help_text="For example, the GP practice or pharmacy",
    )
    referrer_contact = forms.CharField(
        label="Referrer's phone or e-mail", required=False, max_length=200
    )
    reasons = forms.MultipleChoiceField(
        label="Reasons for the referral",
        choices=Reason.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one reason for the referral"},
    )
    reason_notes = forms.CharField(
        label="Anything else the link worker should know",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    consent_to_share = forms.BooleanField(
        label="The person agrees to their details being shared with the services they are referred to",
        required=False,
    )
    received_on = DateField(
        label="Date received", required=False, help_text="Leave empty for today"
    )

    def __init__(
        self,
        *args: Any,
        organisations: Any = None,
        intake: bool = True,
        link_worker: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if organisations is None or not intake:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        if not (intake and link_worker):
            del self.fields["received_on"]

    def clean_nhs_number(self) -> str:
        value = "".join((self.cleaned_data.get("nhs_number") or "").split())
        value = value.replace("-", "")
        if value and not nhs_number_valid(value):
            raise forms.ValidationError(
                "Enter a real NHS number: 10 digits, the last a check digit"
            )
        return value

    def clean_postcode(self) -> str:
        from hearthcore.sources.tabular import normalise_postcode

        text = (self.cleaned_data.get("postcode") or "").strip().upper()
        if not text:
            return ""
        compact = normalise_postcode(text)
        if len(compact) < 5:
            raise forms.ValidationError("Enter a real postcode, like PR7 1DP")
        return f"{compact[:-3]} {compact[-3:]}"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("source") == Source.OTHER and not data.get("referrer_organisation"):
            self.add_error(
                "referrer_organisation", "Say which organisation is referring them"
            )
        if not (data.get("phone") or data.get("email") or data.get("address")):
            self.add_error(
                "phone",
                "Give a phone number, an e-mail or an address, so the link worker can reach them",
            )
        return data

    def details(self) -> dict[str, Any]:
        data = self.cleaned_data
        names = (
            "given_name", "family_name", "date_of_birth", "nhs_number", "phone", "email",
            "address", "postcode", "preferred_contact", "contact_notes", "source",
            "referrer_name", "referrer_organisation", "referrer_contact", "reasons",
            "reason_notes", "consent_to_share",
        )  # fmt: skip
        out: dict[str, Any] = {}
        for name in names:
            value = data.get(name)
            out[name] = value.strip() if isinstance(value, str) else value
        out["consent_to_share"] = bool(out["consent_to_share"])
        return out


class ContactForm(GovUKFormMixin, forms.Form):
    on = DateField(label="When")
    reached = forms.ChoiceField(
        label="Did you reach them?",
        choices=[("yes", "Yes"), ("no", "No, not this time")],
        widget=forms.RadioSelect,
    )
    way = forms.ChoiceField(label="How", choices=ContactWay.choices)
    note = forms.CharField(
        label="Note", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ConversationForm(GovUKFormMixin, forms.Form):
    on = DateField(label="When")
    note = forms.CharField(
        label="What matters to them",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="In their words: what they want to change, and the first steps you agreed",
    )


class FollowUpForm(GovUKFormMixin, forms.Form):
    on = DateField(label="When")
    note = forms.CharField(
        label="How it is going", widget=forms.Textarea(attrs={"rows": 4})
    )


class NoteForm(GovUKFormMixin, forms.Form):
    note = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 3}))


SWEMWBS_ANSWERS = [
    ("", "Not answered"),
    ("1", "1 None of the time"),
    ("2", "2 Rarely"),
    ("3", "3 Some of the time"),
    ("4", "4 Often"),
    ("5", "5 All of the time"),
]
ZERO_TO_TEN = [("", "Not answered"), *[(str(i), str(i)) for i in range(11)]]


class MeasuresForm(GovUKFormMixin, forms.Form):
    """SWEMWBS item scores (from the licensed form), ONS4 and the loneliness question."""

    stage = forms.ChoiceField(
        label="When is this",
        choices=WellbeingMeasure.Stage.choices,
        widget=forms.RadioSelect,
    )
    on = DateField(label="Date answered")
    life_satisfaction = forms.ChoiceField(
        label=outcomes.ONS4_QUESTIONS["life_satisfaction"],
        choices=ZERO_TO_TEN,
        required=False,
    )
    worthwhile = forms.ChoiceField(
        label=outcomes.ONS4_QUESTIONS["worthwhile"], choices=ZERO_TO_TEN, required=False
    )
    happiness = forms.ChoiceField(
        label=outcomes.ONS4_QUESTIONS["happiness"], choices=ZERO_TO_TEN, required=False
    )
    anxiety = forms.ChoiceField(
        label=outcomes.ONS4_QUESTIONS["anxiety"], choices=ZERO_TO_TEN, required=False
    )
    loneliness = forms.ChoiceField(
        label=outcomes.LONELINESS_QUESTION,
        choices=[("", "Not answered"), *outcomes.LONELINESS_CHOICES],
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(1, outcomes.SWEMWBS_ITEMS + 1):
            self.fields[f"item_{i}"] = forms.ChoiceField(
                label=f"Statement {i}",
                choices=SWEMWBS_ANSWERS,
                required=False,
                widget=forms.Select(attrs={"class": "govuk-select"}),
            )
        self.item_names = [f"item_{i}" for i in range(1, outcomes.SWEMWBS_ITEMS + 1)]
        self.ons4_names = list(outcomes.ONS4_MEASURES)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        items = [data.get(name) for name in self.item_names]
        answered = [v for v in items if v]
        if answered and len(answered) < len(items):
            missing = [str(i + 1) for i, v in enumerate(items) if not v]
            self.add_error(
                self.item_names[int(missing[0]) - 1],
                f"Answer all seven statements, or none (statement {', '.join(missing)} not answered)",
            )
        data["swemwbs_items"] = (
            [int(str(v)) for v in items] if len(answered) == len(items) else None
        )
        data["ons4"] = {
            name: (int(data[name]) if data.get(name) not in (None, "") else None)
            for name in self.ons4_names
        }
        if (
            data["swemwbs_items"] is None
            and not any(v is not None for v in data["ons4"].values())
            and not data.get("loneliness")
        ):
            self.add_error(None, "Enter at least one measure")
        return data


class ReferOnForm(GovUKFormMixin, forms.Form):
    service = forms.CharField(widget=forms.HiddenInput)
    message = forms.CharField(
        label="Message to the service",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the person hopes for and anything the service should know. The service sees their name and contact details.",
    )


class ReplyForm(GovUKFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label="Can the service take them?",
        choices=[("accept", "Yes, we can take them"), ("decline", "No, we cannot")],
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label="Message to the link worker",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed if you cannot take them: say why (full, not suitable)",
    )


class StartedForm(GovUKFormMixin, forms.Form):
    on = DateField(label="Date they started")


class CloseForm(GovUKFormMixin, forms.Form):
    on = DateField(label="Date closed")
    reason = forms.ChoiceField(
        label="Why", choices=CloseReason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="Note", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AssignForm(GovUKFormMixin, forms.Form):
    link_worker: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Link worker",
        queryset=User.objects.none(),
        required=False,
        empty_label="Nobody yet",
    )

    def __init__(self, *args: Any, link_workers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["link_worker"].queryset = link_workers  # type: ignore[attr-defined]


class SubjectForm(GovUKFormMixin, forms.Form):
    nhs_number = forms.CharField(label="NHS number", required=False, max_length=14)
    family_name = forms.CharField(label="Last name", required=False, max_length=100)
    date_of_birth = DateField(
        label="Date of birth", required=False, help_text="For example, 27 3 1950"
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["nhs_number"] = "".join((data.get("nhs_number") or "").split()).replace(
            "-", ""
        )
        if not data["nhs_number"] and not (
            data.get("family_name") and data.get("date_of_birth")
        ):
            raise forms.ValidationError(
                "Give the NHS number, or the last name and date of birth"
            )
        return data


class ReportForm(GovUKFormMixin, forms.Form):
    start = DateField(label="Referrals received from", required=False, past_only=False)
    end = DateField(label="to", required=False, past_only=False)
    organisation: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="All organisations",
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "The end of the period must be after its start")
        return data
