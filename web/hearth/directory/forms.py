"""Forms: the public search, and editing a service (by officers and providers)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import Count, Q

from hearth.assets.models import Asset
from hearth.core.forms import GovUKFormMixin
from hearthcore.directory import DAYS, STATUSES

from .drafts import DAY_NAMES
from .models import STATUS_LABELS, Organization, Taxonomy, TaxonomyTerm

PROXIMITY_CHOICES = [
    ("", "Any distance"),
    ("1609", "Within 1 mile"),
    ("3219", "Within 2 miles"),
    ("8047", "Within 5 miles"),
    ("16093", "Within 10 miles"),
]
DAY_CHOICES = [(code, DAY_NAMES[code]) for code in DAYS]
#: Taxonomies with more terms than this are chosen by code, not by ticking.
TICK_LIMIT = 150


class SearchForm(GovUKFormMixin, forms.Form):
    """The public directory search; field names are the ORUK API's filters."""

    search = forms.CharField(
        label="What are you looking for?",
        required=False,
        max_length=200,
        help_text="For example, walking group, debt advice or lunch club",
    )
    taxonomy_term_id = forms.ChoiceField(
        label="What do you need help with?", required=False
    )
    postcode = forms.CharField(
        label="Your postcode",
        required=False,
        max_length=10,
        help_text="To see the nearest first",
        widget=forms.TextInput(
            attrs={"autocomplete": "postal-code", "class": "govuk-input--width-10"}
        ),
    )
    proximity = forms.ChoiceField(
        label="How far", required=False, choices=PROXIMITY_CHOICES
    )
    day = forms.ChoiceField(
        label="Day", required=False, choices=[("", "Any day"), *DAY_CHOICES]
    )
    age = forms.IntegerField(
        label="Age of the person it is for",
        required=False,
        min_value=0,
        max_value=120,
        widget=forms.NumberInput(
            attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}
        ),
    )

    def __init__(
        self, *args: Any, needs: list[tuple[str, list[tuple[str, str]]]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["taxonomy_term_id"].choices = [("", "Anything"), *needs]  # type: ignore[attr-defined]

    def api_params(self) -> dict[str, str]:
        """The ORUK API query these answers make (``age`` is both age filters)."""
        data = self.cleaned_data
        params = {
            name: str(data[name])
            for name in ("search", "taxonomy_term_id", "postcode", "proximity", "day")
            if data.get(name)
        }
        if data.get("age") is not None:
            params["minimum_age"] = params["maximum_age"] = str(data["age"])
        return params


def _asset_choices(current: list[int]) -> list[tuple[str, str]]:
    rows = (
        Asset.objects.filter(
            Q(lad_code=settings.HEARTH_COUNCIL_LAD, status=Asset.Status.PUBLISHED)
            | Q(pk__in=current)
        )
        .only("pk", "name", "postcode")
        .order_by("name", "pk")
    )
    return [("", "None")] + [
        (str(a.pk), f"{a.name} ({a.postcode})" if a.postcode else a.name) for a in rows
    ]


class ServiceForm(GovUKFormMixin, forms.Form):
    """A service's editable fields; ``draft()`` turns the answers into a draft."""

    organization = forms.ModelChoiceField(
        label="Organisation that runs it", queryset=Organization.objects.none()
    )
    name = forms.CharField(label="Name of the service", max_length=500)
    description = forms.CharField(
        label="What it offers",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="In plain words: what happens, who it is for, how to join",
    )
    status = forms.ChoiceField(
        label="Status", choices=[(s, STATUS_LABELS[s]) for s in STATUSES]
    )
    minimum_age = forms.IntegerField(
        label="Youngest age (years)", required=False, min_value=0, max_value=130
    )
    maximum_age = forms.IntegerField(
        label="Oldest age (years)", required=False, min_value=0, max_value=130
    )
    cost = forms.ChoiceField(
        label="Cost",
        required=False,
        choices=[("", "Not known"), ("free", "Free"), ("paid", "There is a charge")],
    )
    amount = forms.DecimalField(
        label="Charge in pounds",
        required=False,
        min_value=Decimal("0"),
        max_digits=8,
        decimal_places=2,
    )
    amount_description = forms.CharField(
        label="Charge is per",
        required=False,
        max_length=200,
        help_text="For example, per session",
    )
    fees = forms.CharField(
        label="Cost details",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Anything else about cost, such as concessions",
    )
    url = forms.URLField(
        label="Website", required=False, max_length=1000, assume_scheme="https"
    )
    email = forms.EmailField(label="E-mail for enquiries", required=False)
    languages = forms.CharField(
        label="Languages other than English",
        required=False,
        max_length=500,
        help_text="Separate them with commas, for example Polish, Urdu, British Sign Language",
    )
    location_1 = forms.ChoiceField(label="Main place", required=False)
    location_2 = forms.ChoiceField(label="Second place", required=False)
    location_3 = forms.ChoiceField(label="Third place", required=False)
    lga_codes = forms.CharField(
        label="LGA service codes",
        required=False,
        max_length=500,
        help_text="Codes from the LGA Services List, separated by commas (for example 1614)",
    )
    alert = forms.CharField(
        label="Notice",
        required=False,
        max_length=500,
        help_text="A short notice shown at the top, such as a change of venue",
    )
    capacity_per_week = forms.IntegerField(
        label="New places per week",
        required=False,
        min_value=0,
        max_value=10000,
        help_text="How many new people it can take each week through referrals",
    )
    accepts_referrals = forms.BooleanField(
        label="Link workers can refer people to it through Hearth", required=False
    )
    note = forms.CharField(
        label="What changed and why",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept in the service's history",
    )

    def __init__(
        self,
        *args: Any,
        organizations: Any,
        initial_draft: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        draft = initial_draft or {}
        kwargs.setdefault("initial", self.initial_from(draft))
        super().__init__(*args, **kwargs)
        self.original = draft
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]
        choices = _asset_choices(list(draft.get("locations") or []))
        for i in (1, 2, 3):
            self.fields[f"location_{i}"].choices = choices  # type: ignore[attr-defined]
        chosen = set(draft.get("terms") or [])
        self.term_groups: list[tuple[Taxonomy, str]] = []
        self.big_taxonomies: list[Taxonomy] = []
        for taxonomy in Taxonomy.objects.annotate(n=Count("terms")).order_by(
            "-local", "name"
        ):
            if taxonomy.n == 0:
                continue
            if taxonomy.n > TICK_LIMIT:
                self.big_taxonomies.append(taxonomy)
                continue
            name = f"terms_{taxonomy.pk}"
            terms = list(
                taxonomy.terms.select_related("parent").order_by("parent__name", "name")
            )
            self.fields[name] = forms.MultipleChoiceField(
                label=taxonomy.name,
                required=False,
                choices=[
                    (t.uuid, f"{t.parent.name}: {t.name}" if t.parent else t.name)
                    for t in terms
                ],
                widget=forms.CheckboxSelectMultiple,
                initial=[t.uuid for t in terms if t.uuid in chosen],
            )
            self.term_groups.append((taxonomy, name))
        big = TaxonomyTerm.objects.filter(
            taxonomy__in=self.big_taxonomies, uuid__in=chosen
        ).values_list("code", flat=True)
        self.fields["lga_codes"].initial = ", ".join(c for c in big if c)
        if not self.big_taxonomies:
            del self.fields["lga_codes"]

    @staticmethod
    def initial_from(draft: dict[str, Any]) -> dict[str, Any]:
        if not draft:
            return {"status": "active", "accepts_referrals": True}
        initial = {k: draft.get(k) for k in (
            "organization", "name", "description", "status", "minimum_age", "maximum_age",
            "fees", "url", "email", "alert", "capacity_per_week", "accepts_referrals",
        )}  # fmt: skip
        initial["languages"] = ", ".join(draft.get("languages") or [])
        for i, pk in enumerate((draft.get("locations") or [])[:3], start=1):
            initial[f"location_{i}"] = str(pk)
        costs = draft.get("cost_options") or []
        if any(str(c.get("amount")) in ("0", "0.00") for c in costs):
            initial["cost"] = "free"
        elif costs:
            initial["cost"] = "paid"
            initial["amount"] = costs[0].get("amount") or None
            initial["amount_description"] = costs[0].get("amount_description") or ""
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("minimum_age"), data.get("maximum_age")
        if low is not None and high is not None and low > high:
            self.add_error(
                "maximum_age",
                "The oldest age must be the same as or above the youngest",
            )
        if (
            data.get("cost") == "paid"
            and data.get("amount") is None
            and not data.get("fees")
        ):
            self.add_error(
                "amount", "Enter the charge, or describe the cost in cost details"
            )
        codes = [
            c.strip() for c in (data.get("lga_codes") or "").split(",") if c.strip()
        ]
        if codes:
            found = dict(
                TaxonomyTerm.objects.filter(
                    taxonomy__in=self.big_taxonomies, code__in=codes
                ).values_list("code", "uuid")
            )
            unknown = [c for c in codes if c not in found]
            if unknown:
                self.add_error(
                    "lga_codes",
                    f"These are not codes of the LGA Services List: {', '.join(unknown[:5])}",
                )
            data["lga_terms"] = [found[c] for c in codes if c in found]
        return data

    def draft(self) -> dict[str, Any]:
        """The answers as a draft (sections the form cannot show fully are kept)."""
        data = self.cleaned_data
        initial = self.initial_from(self.original)
        draft: dict[str, Any] = dict(self.original)
        draft["organization"] = data["organization"].pk
        for name in ("name", "description", "status", "fees", "url", "email", "alert"):
            draft[name] = (data.get(name) or "").strip()
        for name in ("minimum_age", "maximum_age", "capacity_per_week"):
            draft[name] = data.get(name)
        draft["accepts_referrals"] = bool(data.get("accepts_referrals"))
        draft["languages"] = [
            x.strip() for x in (data.get("languages") or "").split(",") if x.strip()
        ]
        places = [data.get(f"location_{i}") for i in (1, 2, 3)]
        chosen = [int(p) for p in places if p]
        old = [int(p) for p in (self.original.get("locations") or [])]
        # Places beyond the three the form shows are kept.
        draft["locations"] = list(dict.fromkeys(chosen + old[3:]))
        cost_fields = ("cost", "amount", "amount_description")
        if any(
            str(data.get(k) or "") != str(initial.get(k) or "") for k in cost_fields
        ):
            if data.get("cost") == "free":
                draft["cost_options"] = [
                    {"option": "Free", "amount": "0", "amount_description": ""}
                ]
            elif data.get("cost") == "paid":
                amount = data.get("amount")
                draft["cost_options"] = [
                    {
                        "option": "Charge",
                        "amount": "" if amount is None else str(amount),
                        "amount_description": data.get("amount_description") or "",
                    }
                ]
            else:
                draft["cost_options"] = []
        else:
            draft["cost_options"] = list(self.original.get("cost_options") or [])
        terms: list[str] = []
        for _taxonomy, name in self.term_groups:
            terms.extend(data.get(name) or [])
        terms.extend(data.get("lga_terms") or [])
        draft["terms"] = list(dict.fromkeys(terms))
        return draft


WEEK_CHOICES = [
    ("", "Every week"),
    ("1", "First week of the month"),
    ("2", "Second week of the month"),
    ("3", "Third week of the month"),
    ("4", "Fourth week of the month"),
    ("-1", "Last week of the month"),
]


class ScheduleForm(GovUKFormMixin, forms.Form):
    days = forms.MultipleChoiceField(
        label="Days",
        required=False,
        choices=DAY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    week = forms.ChoiceField(label="How often", required=False, choices=WEEK_CHOICES)
    opens_at = forms.TimeField(
        label="Starts at",
        required=False,
        help_text="For example, 10:00",
        input_formats=["%H:%M", "%H.%M", "%H:%M:%S"],
    )
    closes_at = forms.TimeField(
        label="Ends at",
        required=False,
        help_text="For example, 12:30",
        input_formats=["%H:%M", "%H.%M", "%H:%M:%S"],
    )
    description = forms.CharField(label="Notes", required=False, max_length=300)
    # Kept from an imported rule the form does not show.
    interval = forms.IntegerField(required=False, widget=forms.HiddenInput)
    bymonthday = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", "The end time must be after the start time")
        if (
            (opens or closes or data.get("week"))
            and not data.get("days")
            and not data.get("bymonthday")
        ):
            self.add_error("days", "Choose the days it runs")
        return data

    @staticmethod
    def initial_from(schedule: dict[str, Any]) -> dict[str, Any]:
        parts = [p for p in (schedule.get("byday") or "").split(",") if p]
        week = next((p[:-2].lstrip("+") for p in parts if p[:-2]), "")
        return {
            "days": [p[-2:] for p in parts],
            "week": week if week in dict(WEEK_CHOICES) else "",
            "opens_at": schedule.get("opens_at") or None,
            "closes_at": schedule.get("closes_at") or None,
            "description": schedule.get("description") or "",
            "interval": schedule.get("interval"),
            "bymonthday": schedule.get("bymonthday") or "",
        }

    def schedule(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        days = [d for d in DAYS if d in (data.get("days") or [])]
        if not days and not data.get("bymonthday"):
            return None
        week = data.get("week") or ""
        return {
            "freq": "MONTHLY" if week or data.get("bymonthday") else "WEEKLY",
            "interval": data.get("interval") or None,
            "byday": ",".join(f"{week}{d}" for d in days),
            "bymonthday": data.get("bymonthday") or "",
            "opens_at": data["opens_at"].strftime("%H:%M")
            if data.get("opens_at")
            else "",
            "closes_at": data["closes_at"].strftime("%H:%M")
            if data.get("closes_at")
            else "",
            "description": (data.get("description") or "").strip(),
        }


class ContactForm(GovUKFormMixin, forms.Form):
    name = forms.CharField(label="Name", required=False, max_length=300)
    title = forms.CharField(label="Role", required=False, max_length=300)
    phone = forms.CharField(
        label="Phone",
        required=False,
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "type": "tel",
                "autocomplete": "tel",
                "class": "govuk-input--width-20",
            }
        ),
    )
    email = forms.EmailField(label="E-mail", required=False)

    def contact(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        values = {
            k: (data.get(k) or "").strip() for k in ("name", "title", "phone", "email")
        }
        return values if any(values.values()) else None


ScheduleFormSet = forms.formset_factory(
    ScheduleForm, extra=1, max_num=7, absolute_max=7
)
ContactFormSet = forms.formset_factory(ContactForm, extra=1, max_num=3, absolute_max=3)


def part_formsets(data: Any, draft: dict[str, Any]) -> tuple[Any, Any]:
    schedules = ScheduleFormSet(
        data,
        prefix="schedule",
        initial=[ScheduleForm.initial_from(s) for s in draft.get("schedules") or []],
    )
    contacts = ContactFormSet(
        data,
        prefix="contact",
        initial=[
            {k: c.get(k) or "" for k in ("name", "title", "phone", "email")}
            for c in draft.get("contacts") or []
        ],
    )
    return schedules, contacts


def apply_parts(
    draft: dict[str, Any], schedules: Any, contacts: Any, original: dict[str, Any]
) -> None:
    """Put the schedule and contact rows in the draft (unchanged ones as they were)."""
    if schedules.has_changed():
        draft["schedules"] = [s for s in (f.schedule() for f in schedules.forms) if s]
    else:
        draft["schedules"] = list(original.get("schedules") or [])
    if contacts.has_changed():
        draft["contacts"] = [c for c in (f.contact() for f in contacts.forms) if c]
    else:
        draft["contacts"] = list(original.get("contacts") or [])


class DecisionForm(GovUKFormMixin, forms.Form):
    note = forms.CharField(
        label="Note to the provider",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when you send a change back: say what to fix",
    )


class OrganizationForm(GovUKFormMixin, forms.ModelForm):
    class Meta:
        model = Organization
        fields = [
            "name",
            "description",
            "email",
            "website",
            "charity_number",
            "company_number",
            "account",
        ]
        labels = {"account": "Kept up to date by (Hearth organisation)"}
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class TaxonomyForm(GovUKFormMixin, forms.ModelForm):
    class Meta:
        model = Taxonomy
        fields = ["name", "description", "for_residents"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class TermForm(GovUKFormMixin, forms.Form):
    name = forms.CharField(label="Term", max_length=300)
    description = forms.CharField(
        label="What it covers", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    parent = forms.ModelChoiceField(
        label="Under",
        required=False,
        queryset=TaxonomyTerm.objects.none(),
        empty_label="(top level)",
    )

    def __init__(self, *args: Any, taxonomy: Taxonomy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = taxonomy.terms.filter(parent__isnull=True)  # type: ignore[attr-defined]


class CapacityForm(GovUKFormMixin, forms.Form):
    capacity_per_week = forms.IntegerField(
        label="New places per week", required=False, min_value=0, max_value=10000
    )
    accepts_referrals = forms.BooleanField(
        label="Link workers can refer people to it through Hearth", required=False
    )
