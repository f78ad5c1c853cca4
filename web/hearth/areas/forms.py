from __future__ import annotations

from django import forms

from hearth.core.forms import GovUKFormMixin

from .labels import explorer_choices
from .models import Geography, Indicator


class SearchForm(GovUKFormMixin, forms.Form):
    q = forms.CharField(
        label="Postcode, place name or area code",
        max_length=100,
        help_text="For example PR7 1DP, Coppull or E01025000",
    )


class ExplorerForm(GovUKFormMixin, forms.Form):
    indicator = forms.ChoiceField(label="Indicator", required=False)
    geography = forms.ChoiceField(
        label="Boundaries",
        choices=[(Geography.LSOA21, "LSOA 2021"), (Geography.LSOA11, "LSOA 2011")],
        required=False,
    )
    scale = forms.ChoiceField(
        label="Deciles",
        choices=[
            ("national", "National (across England)"),
            ("local", "Local (within the authority)"),
        ],
        required=False,
    )

    def __init__(
        self, *args: object, indicators: list[Indicator], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        groups: dict[str, list[tuple[str, str]]] = {}
        offered = explorer_choices(indicators)
        for indicator, label in offered:
            title = indicator.dataset.title
            if indicator.dataset.geography != self.data.get("geography"):
                title += f" (published for {indicator.dataset.get_geography_display()}, converted)"
            groups.setdefault(title, []).append((indicator.ref, label))
        # A figure chosen by its reference stays valid even if not offered.
        chosen = self.data.get("indicator")
        if chosen and all(i.ref != chosen for i, _l in offered):
            for indicator in indicators:
                if indicator.ref == chosen:
                    groups.setdefault(indicator.dataset.title, []).append(
                        (indicator.ref, indicator.label)
                    )
        field = self.fields["indicator"]
        if isinstance(field, forms.ChoiceField):
            field.choices = [("", "Choose an indicator"), *groups.items()]
