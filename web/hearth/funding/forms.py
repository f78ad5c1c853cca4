from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core import signing
from django.utils import timezone

from hearth.assets.photos import PhotoError, clean_photo
from hearth.communities.models import Community
from hearth.core.forms import GovUKFormMixin
from hearthcore.assets.schema import format_postcode

from .models import Fund, Pledge, Process, Project, Theme

MAX_BUDGET_LINES = 8


def _money_field(label: str, **kwargs: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
        localize=False,
        widget=forms.TextInput(
            attrs={
                "inputmode": "decimal",
                "class": "govuk-input--width-10",
                "spellcheck": "false",
            }
        ),
        error_messages={
            "invalid": "Enter an amount in pounds, like 250 or 99.50",
            "min_value": "Enter an amount more than £0",
            "max_decimal_places": "Enter an amount in pounds and pence, like 99.50",
            "max_digits": "Enter a smaller amount",
        },
        **kwargs,
    )


def _communities() -> Any:
    return Community.objects.active().order_by("name")


class RequiredMessagesMixin:
    """Say what is missing, as GOV.UK asks ("Enter…", "Select…"), not "This field is required"."""

    REQUIRED: dict[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form: Any = self
        for name, message in self.REQUIRED.items():
            if name in form.fields:
                form.fields[name].error_messages["required"] = message


class SpamCheckMixin:
    """A field people never see, and a signed start time (as asset suggestions)."""

    SALT = "funding"
    MIN_SECONDS = 3

    def add_spam_fields(self) -> None:
        form: Any = self
        form.fields["website"] = forms.CharField(
            required=False, label="Leave this empty"
        )
        form.fields["website"].widget.attrs.update(
            {"tabindex": "-1", "autocomplete": "off"}
        )
        form.fields["started"] = forms.CharField(
            required=False, widget=forms.HiddenInput
        )
        if not form.is_bound:
            form.initial["started"] = signing.TimestampSigner(salt=self.SALT).sign(
                "form"
            )

    def is_spam(self) -> bool:
        data: Any = getattr(self, "data", {})
        if data.get("website"):
            return True
        signer = signing.TimestampSigner(salt=self.SALT)
        value = data.get("started", "")
        try:
            signer.unsign(value, max_age=60 * 60 * 6)
        except signing.BadSignature:
            return True
        try:
            signer.unsign(value, max_age=self.MIN_SECONDS)
        except signing.SignatureExpired:
            return False
        return True


class ProjectForm(RequiredMessagesMixin, GovUKFormMixin, SpamCheckMixin, forms.Form):
    REQUIRED = {
        "title": "Enter a title for the project",
        "summary": "Enter a summary of the project",
        "description": "Describe the project",
        "theme": "Select a theme",
        "location_name": "Enter where the project will happen",
        "target": "Enter how much you need, in pounds",
        "deadline": "Enter a deadline for pledges",
        "proposer_kind": "Select who is proposing the project",
        "proposer_name": "Enter the name of the group or organisation",
        "contact_name": "Enter your name",
        "contact_email": "Enter your e-mail address",
    }

    """A proposal from a resident group or a VCS organisation (no account needed)."""

    title = forms.CharField(label="Project title", max_length=140)
    summary = forms.CharField(
        label="Summary",
        max_length=300,
        help_text="One or two sentences: what, and for whom",
    )
    description = forms.CharField(
        label="Describe the project",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What you will do, who will benefit and how you will know it worked. Please do not include anyone's personal details.",
    )
    theme = forms.ChoiceField(label="Theme", choices=Theme.choices)
    community = forms.ModelChoiceField(
        label="Community (optional)",
        queryset=Community.objects.none(),
        required=False,
        empty_label="Not one of these",
    )
    location_name = forms.CharField(
        label="Where will it happen?",
        max_length=200,
        help_text="A place name, like Astley Park",
    )
    postcode = forms.CharField(
        label="Postcode of the place (optional)",
        max_length=10,
        required=False,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "spellcheck": "false",
                "class": "govuk-input--width-10",
            }
        ),
    )
    target = _money_field("How much do you need to raise, in pounds?")
    deadline = forms.DateField(
        label="Deadline for pledges",
        help_text="For example 2027-03-31",
        widget=forms.DateInput(
            format="%Y-%m-%d", attrs={"type": "date", "class": "govuk-input--width-10"}
        ),
        required=False,
    )
    model = forms.ChoiceField(
        label="If you do not reach your target",
        choices=[
            (Project.Model.ALL_OR_NOTHING, "All or nothing: every pledge is cancelled"),
            (Project.Model.KEEP, "Keep what you raise"),
        ],
        widget=forms.RadioSelect,
        initial=Project.Model.ALL_OR_NOTHING,
        required=False,
    )
    proposer_kind = forms.ChoiceField(
        label="Who is proposing it?",
        choices=Project.ProposerKind.choices,
        widget=forms.RadioSelect,
    )
    proposer_name = forms.CharField(
        label="Name of the group or organisation", max_length=200
    )
    charity_number = forms.CharField(
        label="Registered charity number (optional)",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    company_number = forms.CharField(
        label="Company number (optional)",
        max_length=8,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    annual_income = forms.DecimalField(
        label="The group's annual income, in pounds (optional)",
        required=False,
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=2,
        help_text="From your last accounts. It tells the council how much of its money reaches smaller groups.",
        widget=forms.TextInput(
            attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}
        ),
        error_messages={"invalid": "Enter the income in pounds, like 12000"},
    )
    contact_name = forms.CharField(label="Your name", max_length=200)
    contact_email = forms.EmailField(
        label="Your e-mail address",
        help_text="The council uses it only to talk to you about this project. It is never published.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    budget_lines = forms.CharField(
        label="Budget",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One line per item: what it is, then the cost. For example: Planters and soil, 450",
    )
    photo = forms.FileField(
        label="A photo (optional)",
        required=False,
        help_text="JPEG, PNG or WebP, up to 5 MB. We remove where and when it was taken.",
    )
    photo_caption = forms.CharField(
        label="Describe the photo for people who cannot see it",
        max_length=200,
        required=False,
    )

    def __init__(
        self, *args: Any, process: Process | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.process = process
        self.fields["community"].queryset = _communities()  # type: ignore[attr-defined]
        if process is not None:
            # A budgeting project: its cost goes on the ballot; no pledges.
            for name in ("deadline", "model", "community"):
                del self.fields[name]
            self.fields["target"].label = "How much will it cost, in pounds?"
            self.fields[
                "target"
            ].help_text = f"The whole budget is £{process.budget:,.0f}"
        else:
            self.fields["deadline"].required = True
        self.add_spam_fields()

    def clean_postcode(self) -> str:
        value = (self.cleaned_data.get("postcode") or "").strip()
        if not value:
            return ""
        code = format_postcode(value)
        if not code:
            raise forms.ValidationError("Enter a full UK postcode, like PR7 1DP")
        return code

    def clean_deadline(self) -> Any:
        value = self.cleaned_data.get("deadline")
        if value is not None and value <= timezone.localdate():
            raise forms.ValidationError("The deadline must be in the future")
        return value

    def clean_charity_number(self) -> str:
        value = re.sub(r"\s+", "", self.cleaned_data.get("charity_number") or "")
        if value and not re.fullmatch(r"\d{6,8}(-\d{1,2})?", value):
            raise forms.ValidationError(
                "A charity number is 6 to 8 digits, like 1164883"
            )
        return value

    def clean_company_number(self) -> str:
        value = re.sub(
            r"\s+", "", self.cleaned_data.get("company_number") or ""
        ).upper()
        if value and not re.fullmatch(
            r"[A-Z0-9]{8}", value.zfill(8) if value.isdigit() else value
        ):
            raise forms.ValidationError(
                "A company number is 8 characters, like 01234567"
            )
        return value.zfill(8) if value.isdigit() else value

    def clean_budget_lines(self) -> list[tuple[str, Decimal]]:
        text = self.cleaned_data.get("budget_lines") or ""
        lines = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            item, _, amount = line.rpartition(",")
            cleaned = amount.strip().lstrip("£").replace(",", "")
            try:
                value = Decimal(cleaned)
            except InvalidOperation:
                value = Decimal("NaN")
            if not item.strip() or not value.is_finite() or value < 0:
                raise forms.ValidationError(
                    f"Line {number} of the budget must be an item, a comma, then its cost, like: Planters and soil, 450"
                )
            lines.append((item.strip()[:200], value.quantize(Decimal("0.01"))))
        if len(lines) > 30:
            raise forms.ValidationError("Give at most 30 budget lines")
        return lines

    def clean_photo(self) -> tuple[bytes, str] | None:
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        try:
            return clean_photo(upload.read())
        except PhotoError as error:
            raise forms.ValidationError(str(error)) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lines = data.get("budget_lines") or []
        target = data.get("target")
        if lines and target is not None:
            total = sum((amount for _, amount in lines), Decimal(0))
            if total != target:
                self.add_error(
                    "budget_lines",
                    f"The budget lines add up to £{total:,.2f}, but the target is £{target:,.2f}",
                )
        if (
            self.process is not None
            and target is not None
            and target > self.process.budget
        ):
            self.add_error(
                "target",
                f"The cost must be no more than the £{self.process.budget:,.0f} budget",
            )
        if data.get("photo") and not (data.get("photo_caption") or "").strip():
            self.add_error(
                "photo_caption", "Describe the photo for people who cannot see it"
            )
        return data

    def project_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        out = {
            key: data[key]
            for key in (
                "title",
                "summary",
                "description",
                "theme",
                "location_name",
                "postcode",
                "target",
                "proposer_kind",
                "proposer_name",
                "charity_number",
                "company_number",
                "annual_income",
                "contact_name",
                "contact_email",
            )
        }
        if self.process is None:
            out |= {
                "community": data.get("community"),
                "deadline": data.get("deadline"),
                "model": data.get("model") or Project.Model.ALL_OR_NOTHING,
            }
        else:
            out["process"] = self.process
        return out


class PledgeForm(RequiredMessagesMixin, GovUKFormMixin, SpamCheckMixin, forms.Form):
    REQUIRED = {
        "kind": "Select who is pledging",
        "amount": "Enter how much you are pledging, in pounds",
        "email": "Enter your e-mail address",
    }

    kind = forms.ChoiceField(
        label="Who is pledging?",
        choices=[
            (Pledge.Kind.RESIDENT, "I am pledging as a resident"),
            (Pledge.Kind.ORGANISATION, "I am pledging for an organisation"),
        ],
        widget=forms.RadioSelect,
    )
    amount = _money_field("How much, in pounds?")
    in_kind = forms.BooleanField(
        label="This is help in kind, not money (organisations only)", required=False
    )
    in_kind_description = forms.CharField(
        label="What will the organisation give? (help in kind)",
        max_length=300,
        required=False,
        help_text="For example: the use of our hall for six Saturdays. The amount is what it is worth.",
    )
    display_name = forms.CharField(
        label="Name to show on the project page (optional)",
        max_length=100,
        required=False,
        help_text="Leave empty to be shown as Anonymous",
    )
    email = forms.EmailField(
        label="Your e-mail address",
        help_text="We tell you whether the project reaches its target and how to pay. It is never published, and counts you once however many pledges you make.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_spam_fields()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("in_kind"):
            if data.get("kind") != Pledge.Kind.ORGANISATION:
                self.add_error("in_kind", "Only organisations can pledge help in kind")
            if not (data.get("in_kind_description") or "").strip():
                self.add_error(
                    "in_kind_description", "Say what the organisation will give"
                )
        return data


class ReviewForm(RequiredMessagesMixin, GovUKFormMixin, forms.Form):
    REQUIRED = {"decision": "Select a decision"}

    decision = forms.ChoiceField(
        label="Decision",
        choices=[("approve", "Approve: it goes live"), ("reject", "Turn it down")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Note to the proposer and the record",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when you turn a project down",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "reject" and not (data.get("note") or "").strip():
            self.add_error("note", "Say why the project was not accepted")
        return data


class FundForm(RequiredMessagesMixin, GovUKFormMixin, forms.ModelForm):
    REQUIRED = {
        "name": "Enter a name for the fund",
        "budget": "Enter the fund's budget, in pounds",
        "match_percent": "Enter the most the fund pledges, as a percentage of a target",
        "match_cap": "Enter the most the fund pledges to one project",
        "trigger_share": "Enter the percentage of the target raised from others first (0 for none)",
        "min_backers": "Enter how many backers are needed (0 for none)",
        "opens": "Enter when the fund opens",
    }

    themes = forms.MultipleChoiceField(
        label="Themes (leave empty for every theme)",
        choices=Theme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    communities = forms.ModelMultipleChoiceField(
        label="Eligible communities (leave empty for every community)",
        queryset=Community.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Fund
        fields = [
            "name",
            "description",
            "budget",
            "communities",
            "themes",
            "match_percent",
            "match_cap",
            "trigger_share",
            "min_backers",
            "pays_only_if_target_met",
            "opens",
            "closes",
            "active",
        ]
        labels = {
            "name": "Name of the fund",
            "description": "Description (published)",
            "budget": "Budget, in pounds",
            "match_percent": "Most it pledges, as a percentage of a project's target",
            "match_cap": "Most it pledges to one project, in pounds",
            "trigger_share": "It pledges once this percentage of the target is raised from others",
            "min_backers": "… from at least this many different backers",
            "pays_only_if_target_met": "It pays only if the project reaches its target",
            "opens": "Opens on",
            "closes": "Closes on (optional)",
            "active": "Active",
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "opens": forms.DateInput(
                format="%Y-%m-%d",
                attrs={"type": "date", "class": "govuk-input--width-10"},
            ),
            "closes": forms.DateInput(
                format="%Y-%m-%d",
                attrs={"type": "date", "class": "govuk-input--width-10"},
            ),
            "budget": forms.TextInput(
                attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}
            ),
            "match_cap": forms.TextInput(
                attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}
            ),
            "match_percent": forms.TextInput(
                attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}
            ),
            "trigger_share": forms.TextInput(
                attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}
            ),
            "min_backers": forms.TextInput(
                attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["communities"].queryset = _communities()  # type: ignore[attr-defined]

    def clean_match_percent(self) -> Decimal:
        value: Decimal = self.cleaned_data["match_percent"]
        if not Decimal(0) < value <= Decimal(100):
            raise forms.ValidationError(
                "Enter a percentage more than 0 and at most 100"
            )
        return value

    def clean_trigger_share(self) -> Decimal:
        value: Decimal = self.cleaned_data["trigger_share"]
        if not Decimal(0) <= value <= Decimal(100):
            raise forms.ValidationError("Enter a percentage from 0 to 100")
        return value

    def clean_match_cap(self) -> Decimal:
        value: Decimal = self.cleaned_data["match_cap"]
        if value <= 0:
            raise forms.ValidationError("Enter a cap more than £0")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens"), data.get("closes")
        if opens and closes and closes < opens:
            self.add_error("closes", "The fund must close after it opens")
        return data


class ProcessForm(RequiredMessagesMixin, GovUKFormMixin, forms.ModelForm):
    REQUIRED = {
        "name": "Enter a name for the process",
        "budget": "Enter the budget, in pounds",
        "ballot_kind": "Select the kind of ballot",
        "max_choices": "Enter how many projects each voter may approve",
        "rule": "Select the counting rule",
    }

    communities = forms.ModelMultipleChoiceField(
        label="Residents of these communities can vote",
        queryset=Community.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Process
        fields = [
            "name",
            "description",
            "communities",
            "budget",
            "ballot_kind",
            "max_choices",
            "rule",
            "voting_opens",
            "voting_closes",
        ]
        labels = {
            "name": "Name of the process",
            "description": "Description (published)",
            "budget": "Budget, in pounds",
            "ballot_kind": "Ballot",
            "max_choices": "How many projects each voter may approve (for 'approve up to')",
            "rule": "Counting rule",
            "voting_opens": "Voting opens on (optional)",
            "voting_closes": "Voting closes on (optional)",
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "budget": forms.TextInput(
                attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}
            ),
            "max_choices": forms.TextInput(
                attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}
            ),
            "voting_opens": forms.DateInput(
                format="%Y-%m-%d",
                attrs={"type": "date", "class": "govuk-input--width-10"},
            ),
            "voting_closes": forms.DateInput(
                format="%Y-%m-%d",
                attrs={"type": "date", "class": "govuk-input--width-10"},
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["communities"].queryset = _communities()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("voting_opens"), data.get("voting_closes")
        if opens and closes and closes < opens:
            self.add_error("voting_closes", "Voting must close after it opens")
        if data.get("budget") is not None and data["budget"] <= 0:
            self.add_error("budget", "Enter a budget more than £0")
        if data.get("max_choices") == 0:
            self.add_error("max_choices", "Enter at least 1")
        return data


class CodeRequestForm(
    RequiredMessagesMixin, GovUKFormMixin, SpamCheckMixin, forms.Form
):
    REQUIRED = {"postcode": "Enter your postcode", "email": "Enter your e-mail address"}

    postcode = forms.CharField(
        label="Your postcode",
        max_length=10,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "postal-code",
                "spellcheck": "false",
                "class": "govuk-input--width-10",
            }
        ),
    )
    email = forms.EmailField(
        label="Your e-mail address",
        help_text="We send your voting code here. We keep only a scrambled form of the address, to send one code per address.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_spam_fields()


class CodeForm(RequiredMessagesMixin, GovUKFormMixin, forms.Form):
    REQUIRED = {"code": "Enter your voting code"}

    code = forms.CharField(
        label="Your voting code",
        max_length=20,
        help_text="10 letters and numbers, like ABCD-EFGH-JK, from your e-mail or your paper slip",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "spellcheck": "false",
                "class": "govuk-input--width-20",
            }
        ),
    )
    postcode = forms.CharField(
        label="Your postcode (paper codes only)",
        max_length=10,
        required=False,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "postal-code",
                "spellcheck": "false",
                "class": "govuk-input--width-10",
            }
        ),
    )


class PaperCodesForm(RequiredMessagesMixin, GovUKFormMixin, forms.Form):
    REQUIRED = {
        "count": "Enter how many codes to make",
        "batch": "Enter the drop-in where they are handed out",
    }

    count = forms.IntegerField(
        label="How many codes?",
        min_value=1,
        max_value=2000,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}
        ),
    )
    batch = forms.CharField(
        label="Drop-in (where and when they are handed out)", max_length=100
    )


class ImportForm(RequiredMessagesMixin, GovUKFormMixin, forms.Form):
    REQUIRED = {"file": "Choose a Pabulib .pb file"}

    file = forms.FileField(label="Pabulib file (.pb)")
    name = forms.CharField(
        label="Name (optional: the file's description is used)",
        max_length=200,
        required=False,
    )
