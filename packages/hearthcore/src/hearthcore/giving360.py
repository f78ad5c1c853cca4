"""Grants a council makes, published to the 360Giving Data Standard (1.4).

360Giving (https://standard.threesixtygiving.org/) is the UK's open standard
for grants data. A publisher releases a *data package*: a JSON object with a
``grants`` array and some metadata, or the same grants as a spreadsheet whose
column titles the standard's tools (flattentool, the Data Quality Tool,
GrantNav) turn back into JSON.

Identifiers
-----------
* A grant's identifier is ``360G-<prefix>-<local id>``. The prefix is
  registered by each publisher with 360Giving, so **every council registers
  its own prefix** (it is a per-council setting, never derived).
  :func:`grant_identifier` builds identifiers from it and a local reference,
  replacing characters other than letters, digits, ``-`` and ``_`` with
  ``_`` as the standard recommends. Recipients without a registration number
  and individuals get identifiers the same way (``360G-<prefix>-ORG-12``,
  ``360G-<prefix>-IND-7``); an individual's identifier must never be an
  official one (such as a National Insurance number).
* Organisations use org-id.guide identifiers: ``GB-CHC-<charity number>``,
  ``GB-COH-<8-character company number>``, and for an English council
  ``GB-LAE-<code>`` where the code is the three-letter GOV.UK
  ``local-authority-eng`` register code (``GB-LAE-BIR`` for Birmingham), not
  the ONS E-code (see :func:`council_org_id`).

Locations
---------
A beneficiary location is an area with an ONS (GSS) code. Its
``geoCodeType`` comes from 360Giving's geoCodeType codelist
(:data:`GEO_CODE_TYPES`): ``LSOA`` for E01 codes, ``WD`` for wards (E05),
``UA``/``NMD``/``MD``/``LONB`` for the four kinds of district (E06-E09; the
codelist has no generic "LAD"), ``WPC`` for constituencies and so on.
:class:`Location` infers the type from the code.

Spreadsheets
------------
:func:`csv_rows` writes one row per grant with the standard's column titles.
As in the standard's rolled-up template, the first recipient, funder,
beneficiary location and classification go in the plain columns
(``Beneficiary Location:Geographic Code``). Further beneficiary locations and
classifications go in numbered columns (``Beneficiary Location:1:Geographic
Code``, ``Beneficiary Location:2:...``), which flattentool turns back into
extra array items; they appear only when some grant needs them. Text cells a
spreadsheet would run as a formula get a leading apostrophe.

:func:`validate_package` checks a package against the vendored 1.4 schemas
(``hearthcore/schemas/giving360``, CC BY 4.0, see ``SOURCE.txt``) offline,
with date-time formats asserted, plus two checks the schema leaves out
(negative amounts and repeated grant identifiers).

Grants to individuals carry no address or postcode here, and their
beneficiary location may not be an output area (about 125 households).
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

#: The version of the 360Giving Data Standard this module writes.
STANDARD_VERSION = "1.4"

#: The address the package schema uses for the grant schema; the vendored copy
#: is registered under it so that validation needs no network.
GRANT_SCHEMA_URL = (
    "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4/schema/"
    "360-giving-schema.json"
)

#: The vendored schema files, in ``hearthcore/schemas/giving360``.
GRANT_SCHEMA_FILE = "360-giving-schema.json"
PACKAGE_SCHEMA_FILE = "360-giving-package-schema.json"

#: Creative Commons Attribution 4.0, the licence 360Giving recommends.
CC_BY_4 = "https://creativecommons.org/licenses/by/4.0/"

#: The generic name the standard suggests for an individual recipient.
INDIVIDUAL_NAME = "Individual Recipient"

#: Naive datetimes are taken to be in this zone.
LOCAL_ZONE = "Europe/London"

#: 360Giving's geoCodeType codelist (codelists/geoCodeType.csv): code to name.
GEO_CODE_TYPES: dict[str, str] = {
    "OA": "Output Areas",
    "LSOA": "Super Output Areas, Lower Layer",
    "MSOA": "Super Output Areas, Middle Layer",
    "USOA": "Super Output Areas, Upper Layer",
    "PAR": "Civil Parishes",
    "WD": "Electoral Wards/Divisions",
    "UA": "Unitary Authorities",
    "NMD": "Non-metropolitan Districts",
    "MD": "Metropolitan Districts",
    "LONB": "London Boroughs",
    "CTY": "Counties",
    "GOR": "Government Office Regions (pre 1 April 2011)",
    "RGN": "Regions (from 1 April 2011)",
    "WPC": "Westminster Parliamentary Constituencies",
    "EER": "European Electoral Regions",
    "CANNET": "Cancer Networks",
    "CSP": "Community Safety Partnerships",
    "PFA": "Police Force Areas",
    "PUA": "Primary Urban Areas",
    "NPARK": "National Parks",
    "REGD": "Registration Districts",
    "REGSD": "Registration Sub-district",
    "TTWA": "Travel to Work Areas 2007",
    "FRA": "Fire and Rescue Authorities",
    "LAC": "London Assembly Constituencies",
    "WZ": "Workplace Zones",
    "CMWD": "Census Merged Wards",
    "LEP": "Local Enterprise Partnerships",
    "CCG": "Clinical Commissioning Groups",
    "NHSAT": "NHS Commissioning Area Teams",
    "CMLAD": "Census Merged Local Authority Districts",
    "CMCTY": "Census Merged Counties",
    "SA": "Small Areas",
    "DZ": "Data Zones",
    "IG": "Intermediate Geography",
    "CHP": "Community Health Partnerships",
    "ROA - CPP": "Regeneration Outcome Agreement Areas - Community Planning Partnerships",
    "ROA - Local": "Regeneration Outcome Agreement Areas - Local Areas",
    "HB": "Health Board areas",
    "CA": "Council Areas",
    "SPC": "Scottish Parliamentary Constituencies",
    "COM": "Communities",
    "NAWC": "National Assembly for Wales Constituencies",
    "CDRP": "Community Safety Partnerships",
    "AgricSmall": "Agricultural Small Areas",
    "CFA": "Communities First Areas",
}

# The codelist's ONS entity (first three characters of a GSS code) for each
# type; the first type listed is the one inferred.
_GSS_ENTITY_TYPES: dict[str, tuple[str, ...]] = {
    "E00": ("OA",),
    "E01": ("LSOA",),
    "E02": ("MSOA",),
    "E04": ("PAR",),
    "E05": ("WD",),
    "E06": ("UA",),
    "E07": ("NMD",),
    "E08": ("MD",),
    "E09": ("LONB",),
    "E10": ("CTY",),
    "E12": ("RGN", "GOR"),
    "E14": ("WPC",),
    "E15": ("EER",),
    "E21": ("CANNET",),
    "E22": ("CSP",),
    "E23": ("PFA",),
    "E25": ("PUA",),
    "E26": ("NPARK",),
    "E28": ("REGD",),
    "E29": ("REGSD",),
    "E30": ("TTWA",),
    "E31": ("FRA",),
    "E32": ("LAC",),
    "E33": ("WZ",),
    "E36": ("CMWD",),
    "E37": ("LEP",),
    "E38": ("CCG",),
    "E39": ("NHSAT",),
    "E41": ("CMLAD",),
    "E42": ("CMCTY",),
    "N00": ("SA",),
    "N06": ("WPC",),
    "S00": ("OA",),
    "S01": ("DZ",),
    "S02": ("IG",),
    "S03": ("CHP",),
    "S05": ("ROA - CPP",),
    "S06": ("ROA - Local",),
    "S08": ("HB",),
    "S12": ("CA",),
    "S13": ("WD",),
    "S14": ("WPC",),
    "S16": ("SPC",),
    "S22": ("TTWA",),
    "W00": ("OA",),
    "W01": ("LSOA",),
    "W02": ("MSOA",),
    "W03": ("USOA",),
    "W04": ("COM",),
    "W05": ("WD",),
    "W06": ("UA",),
    "W07": ("WPC",),
    "W09": ("NAWC",),
    "W14": ("CDRP",),
    "W20": ("REGD",),
    "W21": ("REGSD",),
    "W22": ("TTWA",),
    "W30": ("AgricSmall",),
    "W33": ("CFA",),
    "W35": ("WZ",),
    "W39": ("CMWD",),
    "W40": ("CMLAD",),
    "W41": ("CMCTY",),
}

# Areas small enough to identify an individual recipient.
_TOO_SMALL_FOR_INDIVIDUALS = frozenset({"OA", "SA"})

_GSS_CODE = re.compile(r"[EKNSW]\d{8}")
_PREFIX = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_NOT_ID_CHARACTER = re.compile(r"[^A-Za-z0-9_-]")
_REGISTER_CODE = re.compile(r"[A-Z]{3}")
_CURRENCY = re.compile(r"[A-Z]{3}")
_COUNTRY = re.compile(r"[A-Z]{2}")
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
_AMOUNT_FIELDS = ("amountAppliedFor", "amountAwarded", "amountDisbursed")

Amount = int | float | Decimal


def _need_text(what: str, value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{what} must not be empty")


def _check_amount(what: str, value: Amount) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise TypeError(f"{what} must be a number, not {value!r}")
    if not (math.isfinite(value) and value >= 0):
        raise ValueError(f"{what} must be a finite number of at least 0, not {value}")


def _check_grant_style_id(what: str, value: str) -> None:
    _need_text(what, value)
    if not value.startswith("360G-") or len(value) == len("360G-"):
        raise ValueError(
            f"{what} must start with '360G-' (a 360Giving prefix): {value!r}"
        )
    if re.search(r"[\s/\\]", value):
        raise ValueError(f"{what} must not contain spaces or slashes: {value!r}")


def grant_identifier(prefix: str, local_id: str | int) -> str:
    """Build a 360Giving identifier, ``360G-<prefix>-<local id>``.

    Parameters
    ----------
    prefix : str
        The council's registered 360Giving prefix, with or without its
        leading ``360G-`` (``"360G-xyzcouncil"`` or ``"xyzcouncil"``). Letters,
        digits, ``-`` and ``_`` only.
    local_id : str or int
        The council's own reference for the grant (or for an unregistered
        recipient organisation, or an individual: then use an opaque
        reference such as ``"IND-17"``, never an official number). Characters
        other than letters, digits, ``-`` and ``_`` become ``_``; so distinct
        references can collide (``"1/2"`` and ``"1 2"``), and references that
        are unique once cleaned, such as database keys, are best.

    Returns
    -------
    str
        The identifier.

    Raises
    ------
    ValueError
        If the prefix is malformed or the reference has no letter or digit.

    Examples
    --------
    >>> grant_identifier("360G-xyzcouncil", "2024/17 A")
    '360G-xyzcouncil-2024_17_A'
    >>> grant_identifier("xyzcouncil", 42)
    '360G-xyzcouncil-42'
    """
    bare = prefix.strip()
    if bare.startswith("360G-"):
        bare = bare[len("360G-") :]
    if not _PREFIX.fullmatch(bare):
        raise ValueError(
            f"a 360Giving prefix is letters, digits, '-' and '_' (like "
            f"'360G-xyzcouncil'), not {prefix!r}"
        )
    local = str(local_id).strip()
    if not re.search(r"[A-Za-z0-9]", local):
        raise ValueError(f"a local reference needs a letter or digit, not {local_id!r}")
    return f"360G-{bare}-{_NOT_ID_CHARACTER.sub('_', local)}"


def council_org_id(code: str) -> str:
    """Return the org-id of an English council, ``GB-LAE-<register code>``.

    Parameters
    ----------
    code : str
        The council's three-letter code in the GOV.UK ``local-authority-eng``
        register (``BIR`` for Birmingham, usually the second part of its
        ISO 3166-2:GB code). Not the ONS E-code.

    Returns
    -------
    str
        The org-id.

    Raises
    ------
    ValueError
        If the code is not three letters (with a hint for ONS codes).

    Notes
    -----
    The org-id identifies the council as an organisation (funder or
    publisher). Grant identifiers use the council's *registered 360Giving
    prefix* instead (:func:`grant_identifier`), which each council registers
    with 360Giving itself.

    Examples
    --------
    >>> council_org_id("BIR")
    'GB-LAE-BIR'
    >>> council_org_id(" wot ")
    'GB-LAE-WOT'
    """
    clean = code.strip().upper()
    if _GSS_CODE.fullmatch(clean):
        raise ValueError(
            f"{code!r} is an ONS code; GB-LAE uses the three-letter "
            "local-authority-eng register code (for example BIR)"
        )
    if not _REGISTER_CODE.fullmatch(clean):
        raise ValueError(
            f"a local-authority-eng register code is three letters, not {code!r}"
        )
    return f"GB-LAE-{clean}"


def geo_code_type(code: str) -> str:
    """Return the 360Giving geoCodeType of an ONS (GSS) code.

    Parameters
    ----------
    code : str
        A nine-character GSS code, e.g. ``E01000001``.

    Returns
    -------
    str
        The codelist type, e.g. ``LSOA``.

    Raises
    ------
    ValueError
        If the code is not a GSS code, or its kind of area is not in the
        codelist (then give the type explicitly, if the codelist has one).

    Examples
    --------
    >>> geo_code_type("E01000001"), geo_code_type("E05011118"), geo_code_type("E08000025")
    ('LSOA', 'WD', 'MD')
    """
    clean = code.strip()
    if not _GSS_CODE.fullmatch(clean):
        raise ValueError(f"{code!r} is not an ONS (GSS) code")
    types = _GSS_ENTITY_TYPES.get(clean[:3])
    if types is None:
        raise ValueError(
            f"360Giving's geoCodeType codelist has no type for {clean[:3]} codes ({code})"
        )
    return types[0]


@dataclass(frozen=True)
class Organisation:
    """An organisation that gives, receives or publishes grants.

    Attributes
    ----------
    identifier : str
        Its org-id (``GB-CHC-1164883``, ``GB-LAE-BIR``) or, with no official
        number, a ``360G-<prefix>-...`` identifier.
    name : str
        Its name.
    department : str
        The department or team making or receiving the grant.
    charity_number : str
        Its registered charity number, if any (as well as the org-id).
    company_number : str
        Its company number, if any, with leading zeros.
    """

    identifier: str
    name: str
    department: str = ""
    charity_number: str = ""
    company_number: str = ""

    def __post_init__(self) -> None:
        _need_text("an organisation's identifier", self.identifier)
        _need_text("an organisation's name", self.name)
        if re.search(r"\s", self.identifier):
            raise ValueError(f"an org-id has no spaces: {self.identifier!r}")

    def to_dict(self) -> dict[str, str]:
        """Return the 360Giving ``Organization`` object.

        Returns
        -------
        dict of str to str
            ``id`` and ``name``, and the other fields that are set.

        Examples
        --------
        >>> Organisation("GB-LAE-BIR", "Birmingham City Council").to_dict()
        {'id': 'GB-LAE-BIR', 'name': 'Birmingham City Council'}
        """
        out = {"id": self.identifier, "name": self.name}
        for key, value in (
            ("department", self.department),
            ("charityNumber", self.charity_number),
            ("companyNumber", self.company_number),
        ):
            if value:
                out[key] = value
        return out


@dataclass(frozen=True)
class Individual:
    """A person who receives a grant, identified only by an opaque reference.

    Attributes
    ----------
    identifier : str
        ``360G-<prefix>-<reference>``, never an official number.
    name : str
        Usually the generic ``"Individual Recipient"``.
    """

    identifier: str
    name: str = INDIVIDUAL_NAME

    def __post_init__(self) -> None:
        _check_grant_style_id("an individual's identifier", self.identifier)
        _need_text("an individual's name", self.name)

    def to_dict(self) -> dict[str, str]:
        """Return the 360Giving ``Person`` object.

        Returns
        -------
        dict of str to str
            ``id`` and ``name``.

        Examples
        --------
        >>> Individual("360G-xyzcouncil-IND-1").to_dict()
        {'id': '360G-xyzcouncil-IND-1', 'name': 'Individual Recipient'}
        """
        return {"id": self.identifier, "name": self.name}


@dataclass(frozen=True)
class Location:
    """An area where a grant's beneficiaries are.

    Attributes
    ----------
    code : str
        The area's code, normally an ONS (GSS) code such as ``E05011118``.
    name : str
        The area's name.
    code_type : str or None
        The geoCodeType (:data:`GEO_CODE_TYPES`); inferred from a GSS code
        when None, and checked against it when given.
    country_code : str
        ISO 3166-1 alpha-2 code, ``GB`` by default.
    """

    code: str
    name: str
    code_type: str | None = None
    country_code: str = "GB"

    def __post_init__(self) -> None:
        _need_text("a location's code", self.code)
        _need_text("a location's name", self.name)
        code = self.code.strip()
        object.__setattr__(self, "code", code)
        allowed = _GSS_ENTITY_TYPES.get(code[:3]) if _GSS_CODE.fullmatch(code) else None
        if self.code_type is None:
            try:
                object.__setattr__(self, "code_type", geo_code_type(code))
            except ValueError as error:
                raise ValueError(f"{error}: give the location's code_type") from None
        elif self.code_type not in GEO_CODE_TYPES:
            raise ValueError(
                f"{self.code_type!r} is not in 360Giving's geoCodeType codelist "
                "(a district is UA, NMD, MD or LONB; a ward WD; an LSOA LSOA)"
            )
        elif allowed is not None and self.code_type not in allowed:
            raise ValueError(f"{code} is a {allowed[0]} code, not {self.code_type}")
        if not _COUNTRY.fullmatch(self.country_code):
            raise ValueError(
                f"a country code is two capital letters, not {self.country_code!r}"
            )

    def to_dict(self) -> dict[str, str]:
        """Return the 360Giving ``Location`` object.

        Returns
        -------
        dict of str to str
            ``name``, ``countryCode``, ``geoCode`` and ``geoCodeType``.

        Examples
        --------
        >>> Location("E05011118", "Ladywood").to_dict()
        {'name': 'Ladywood', 'countryCode': 'GB', 'geoCode': 'E05011118', 'geoCodeType': 'WD'}
        """
        return {
            "name": self.name,
            "countryCode": self.country_code,
            "geoCode": self.code,
            "geoCodeType": str(self.code_type),
        }


@dataclass(frozen=True)
class PlannedDates:
    """When the funded activity is meant to happen.

    Attributes
    ----------
    start : date
        The first day.
    end : date or None
        The last day.
    duration_months : float or None
        The length in months.
    """

    start: date
    end: date | None = None
    duration_months: float | None = None

    def __post_init__(self) -> None:
        for value in (self.start, self.end):
            if isinstance(value, datetime):
                raise TypeError("planned dates are dates, not datetimes")
        if self.end is not None and self.end < self.start:
            raise ValueError("planned dates end before they start")
        if self.duration_months is not None:
            _check_amount("a duration", self.duration_months)

    def to_dict(self) -> dict[str, Any]:
        """Return the 360Giving ``Event`` object for ``plannedDates``.

        Returns
        -------
        dict of str to str or float
            ``startDate`` and, when known, ``endDate`` and ``duration``.

        Examples
        --------
        >>> PlannedDates(date(2024, 4, 1), date(2025, 3, 31), 12).to_dict()
        {'startDate': '2024-04-01', 'endDate': '2025-03-31', 'duration': 12}
        """
        out: dict[str, Any] = {"startDate": self.start.isoformat()}
        if self.end is not None:
            out["endDate"] = self.end.isoformat()
        if self.duration_months is not None:
            out["duration"] = _json_number(self.duration_months)
        return out


@dataclass(frozen=True)
class GrantProgramme:
    """The grant programme (fund) a grant was made under.

    Attributes
    ----------
    code : str
        The council's code for the programme.
    title : str
        Its name.
    url : str
        A page about it.
    """

    code: str = ""
    title: str = ""
    url: str = ""

    def __post_init__(self) -> None:
        if not (self.code.strip() or self.title.strip()):
            raise ValueError("a grant programme needs a code or a title")

    def to_dict(self) -> dict[str, str]:
        """Return the 360Giving ``GrantProgramme`` object.

        Returns
        -------
        dict of str to str
            The fields that are set.

        Examples
        --------
        >>> GrantProgramme("CF24", "Community Fund 2024").to_dict()
        {'code': 'CF24', 'title': 'Community Fund 2024'}
        """
        pairs = (("code", self.code), ("title", self.title), ("url", self.url))
        return {key: value for key, value in pairs if value}


@dataclass(frozen=True)
class Classification:
    """A term from a vocabulary describing the grant.

    Attributes
    ----------
    vocabulary : str
        The vocabulary (its name or URL).
    code : str
        The term's code in it.
    title : str
        The term's label.
    """

    vocabulary: str
    code: str
    title: str = ""

    def __post_init__(self) -> None:
        _need_text("a classification's vocabulary", self.vocabulary)
        _need_text("a classification's code", self.code)

    def to_dict(self) -> dict[str, str]:
        """Return the 360Giving ``Classification`` object.

        Returns
        -------
        dict of str to str
            ``vocabulary``, ``code`` and, when set, ``title``.

        Examples
        --------
        >>> Classification("Hearth themes", "food", "Food").to_dict()
        {'vocabulary': 'Hearth themes', 'code': 'food', 'title': 'Food'}
        """
        out = {"vocabulary": self.vocabulary, "code": self.code}
        if self.title:
            out["title"] = self.title
        return out


@dataclass(frozen=True)
class Grant:
    """One grant, with what the 360Giving standard requires and some options.

    Attributes
    ----------
    identifier : str
        ``360G-<prefix>-<reference>`` (:func:`grant_identifier`).
    title : str
        A short title (360Giving suggests under 140 characters).
    description : str
        What the grant is for.
    amount : int, float or Decimal
        The amount awarded, at least 0.
    award_date : date or datetime
        When it was awarded; a naive datetime is taken as Europe/London time.
    recipient : Organisation or Individual
        Who receives it (exactly one).
    funder : Organisation
        Who gives it, normally the council (:func:`council_org_id`).
    currency : str
        ISO 4217 code, ``GBP`` by default.
    beneficiary_locations : tuple of Location
        Areas where the beneficiaries are.
    planned_dates : PlannedDates or None
        When the activity happens.
    grant_programme : GrantProgramme or None
        The fund it was made under.
    classifications : tuple of Classification
        Terms describing the grant.
    from_open_call : bool or None
        Whether it came from an open call for applications.
    url : str
        A page about the grant.
    amount_applied_for, amount_disbursed : int, float, Decimal or None
        Further amounts, when known.
    date_modified : datetime or None
        When the grant's record last changed.
    data_source : str
        A link to where the data came from.
    """

    identifier: str
    title: str
    description: str
    amount: Amount
    award_date: date
    recipient: Organisation | Individual
    funder: Organisation
    currency: str = "GBP"
    beneficiary_locations: tuple[Location, ...] = ()
    planned_dates: PlannedDates | None = None
    grant_programme: GrantProgramme | None = None
    classifications: tuple[Classification, ...] = ()
    from_open_call: bool | None = None
    url: str = ""
    amount_applied_for: Amount | None = None
    amount_disbursed: Amount | None = None
    date_modified: datetime | None = None
    data_source: str = ""

    def __post_init__(self) -> None:
        _check_grant_style_id("a grant identifier", self.identifier)
        _need_text("a grant's title", self.title)
        _need_text("a grant's description", self.description)
        _check_amount("the amount awarded", self.amount)
        for what, value in (
            ("the amount applied for", self.amount_applied_for),
            ("the amount disbursed", self.amount_disbursed),
        ):
            if value is not None:
                _check_amount(what, value)
        if not _CURRENCY.fullmatch(self.currency):
            raise ValueError(
                f"a currency is a three-letter ISO 4217 code, not {self.currency!r}"
            )
        if not isinstance(self.award_date, date):
            raise TypeError("the award date must be a date or a datetime")
        if not isinstance(self.recipient, Organisation | Individual):
            raise TypeError("the recipient must be an Organisation or an Individual")
        if not isinstance(self.funder, Organisation):
            raise TypeError("the funder must be an Organisation")
        object.__setattr__(
            self, "beneficiary_locations", tuple(self.beneficiary_locations)
        )
        object.__setattr__(self, "classifications", tuple(self.classifications))
        if isinstance(self.recipient, Individual):
            small = [
                loc.code
                for loc in self.beneficiary_locations
                if loc.code_type in _TOO_SMALL_FOR_INDIVIDUALS
            ]
            if small:
                raise ValueError(
                    "a grant to an individual must not give an output area as "
                    f"its location ({', '.join(small)}); use a ward or larger"
                )

    def to_dict(self) -> dict[str, Any]:
        """Return the grant as a 360Giving JSON object.

        Returns
        -------
        dict of str to Any
            Keys in the schema's order; unset options are left out.

        Examples
        --------
        >>> g = Grant("360G-xyzcouncil-1", "Food bank", "Running costs", 5000,
        ...           date(2024, 4, 1), Organisation("GB-CHC-1164883", "X Trust"),
        ...           Organisation("GB-LAE-BIR", "Birmingham City Council"))
        >>> g.to_dict()["recipientOrganization"]
        [{'id': 'GB-CHC-1164883', 'name': 'X Trust'}]
        >>> g.to_dict()["amountAwarded"], g.to_dict()["awardDate"]
        (5000, '2024-04-01')
        """
        out: dict[str, Any] = {
            "id": self.identifier,
            "title": self.title,
            "description": self.description,
            "currency": self.currency,
        }
        if self.amount_applied_for is not None:
            out["amountAppliedFor"] = _json_number(self.amount_applied_for)
        out["amountAwarded"] = _json_number(self.amount)
        if self.amount_disbursed is not None:
            out["amountDisbursed"] = _json_number(self.amount_disbursed)
        out["awardDate"] = _date_text(self.award_date)
        if self.url:
            out["url"] = self.url
        if self.planned_dates is not None:
            out["plannedDates"] = [self.planned_dates.to_dict()]
        if isinstance(self.recipient, Individual):
            out["recipientIndividual"] = self.recipient.to_dict()
        else:
            out["recipientOrganization"] = [self.recipient.to_dict()]
        if self.beneficiary_locations:
            out["beneficiaryLocation"] = [
                loc.to_dict() for loc in self.beneficiary_locations
            ]
        out["fundingOrganization"] = [self.funder.to_dict()]
        if self.grant_programme is not None:
            out["grantProgramme"] = [self.grant_programme.to_dict()]
        if self.from_open_call is not None:
            out["fromOpenCall"] = "Yes" if self.from_open_call else "No"
        if self.classifications:
            out["classifications"] = [c.to_dict() for c in self.classifications]
        if self.date_modified is not None:
            out["dateModified"] = _date_text(self.date_modified)
        if self.data_source:
            out["dataSource"] = self.data_source
        return out


def _json_number(value: Amount) -> int | float:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _plain_number(value: Amount) -> str:
    """Write a number as spreadsheet text: no exponent, no trailing zeros."""
    if isinstance(value, int):
        return str(value)
    number = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    text = format(number.normalize(), "f")
    return text


def _local(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.replace(tzinfo=ZoneInfo(LOCAL_ZONE))
    return moment


def _date_text(value: date) -> str:
    if isinstance(value, datetime):
        return _local(value).isoformat()
    return value.isoformat()


def package(
    grants: Iterable[Grant],
    *,
    publisher: Organisation,
    licence: str = CC_BY_4,
    title: str = "",
    description: str = "",
    identifier: str = "",
    issued: date | None = None,
    modified: date | None = None,
    publisher_website: str = "",
    download_url: str = "",
    access_url: str = "",
) -> dict[str, Any]:
    """Build a 360Giving data package: metadata and a ``grants`` array.

    Parameters
    ----------
    grants : iterable of Grant
        At least one grant, with distinct identifiers.
    publisher : Organisation
        Who publishes the data (normally the council).
    licence : str
        The licence's canonical URL; CC BY 4.0 by default.
    title, description, identifier : str
        Package metadata, left out when empty.
    issued, modified : date or datetime or None
        When the package was issued and last changed.
    publisher_website, download_url, access_url : str
        Links, left out when empty.

    Returns
    -------
    dict of str to Any
        The package, in the package schema's shape.

    Raises
    ------
    ValueError
        If there are no grants or two share an identifier.

    Examples
    --------
    >>> council = Organisation("GB-LAE-BIR", "Birmingham City Council")
    >>> g = Grant("360G-xyzcouncil-1", "Food bank", "Running costs", 5000,
    ...           date(2024, 4, 1), Organisation("GB-CHC-1164883", "X Trust"), council)
    >>> doc = package([g], publisher=council, issued=date(2024, 5, 1))
    >>> sorted(doc)
    ['grants', 'issued', 'license', 'publisher', 'version']
    >>> doc["publisher"]
    {'identifier': 'GB-LAE-BIR', 'name': 'Birmingham City Council'}
    >>> validate_package(doc)
    []
    """
    items = list(grants)
    if not items:
        raise ValueError("a 360Giving package needs at least one grant")
    counts = Counter(g.identifier for g in items)
    repeated = sorted(ident for ident, n in counts.items() if n > 1)
    if repeated:
        raise ValueError(
            f"grant identifiers used more than once: {', '.join(repeated)}"
        )
    pub: dict[str, str] = {"identifier": publisher.identifier, "name": publisher.name}
    if publisher_website:
        pub["website"] = publisher_website
    out: dict[str, Any] = {"version": STANDARD_VERSION}
    for key, value in (
        ("title", title),
        ("description", description),
        ("identifier", identifier),
    ):
        if value:
            out[key] = value
    if issued is not None:
        out["issued"] = _date_text(issued)
    if modified is not None:
        out["modified"] = _date_text(modified)
    out["publisher"] = pub
    out["license"] = licence
    for key, value in (("downloadURL", download_url), ("accessURL", access_url)):
        if value:
            out[key] = value
    out["grants"] = [g.to_dict() for g in items]
    return out


def to_json(document: Mapping[str, Any], *, indent: int | None = 2) -> str:
    """Write a package as JSON text (UTF-8 characters kept, not escaped).

    Parameters
    ----------
    document : mapping
        A package from :func:`package`.
    indent : int or None
        Indentation; None for one line.

    Returns
    -------
    str
        The JSON, ending with a newline.

    Examples
    --------
    >>> print(to_json({"grants": [], "version": "1.4"}, indent=None), end="")
    {"grants": [], "version": "1.4"}
    """
    return (
        json.dumps(document, ensure_ascii=False, indent=indent, allow_nan=False) + "\n"
    )


#: The main columns of :func:`csv_rows`, in the order of the standard's
#: rolled-up template (360-giving-schema-titles, ``grants`` sheet).
COLUMNS: tuple[str, ...] = (
    "Identifier",
    "Title",
    "Description",
    "Currency",
    "Amount Applied For",
    "Amount Awarded",
    "Amount Disbursed",
    "Award Date",
    "URL",
    "Planned Dates:Start Date",
    "Planned Dates:End Date",
    "Planned Dates:Duration (months)",
    "Recipient Ind:Identifier",
    "Recipient Ind:Name",
    "Recipient Org:Identifier",
    "Recipient Org:Name",
    "Recipient Org:Charity Number",
    "Recipient Org:Company Number",
    "Beneficiary Location:Name",
    "Beneficiary Location:Country Code",
    "Beneficiary Location:Geographic Code",
    "Beneficiary Location:Geographic Code Type",
    "Funding Org:Identifier",
    "Funding Org:Name",
    "Funding Org:Department",
    "Grant Programme:Code",
    "Grant Programme:Title",
    "Grant Programme:URL",
    "From An Open Call?",
    "Classifications:Vocabulary",
    "Classifications:Code",
    "Classifications:Title",
    "Last Modified",
    "Data Source",
)

_LOCATION_FIELDS = ("Name", "Country Code", "Geographic Code", "Geographic Code Type")
_CLASSIFICATION_FIELDS = ("Vocabulary", "Code", "Title")


def safe_cell(text: str) -> str:
    """Make text a spreadsheet will show as text, never run as a formula.

    Parameters
    ----------
    text : str
        A cell's text.

    Returns
    -------
    str
        The text, with an apostrophe in front if it begins with ``=``, ``+``,
        ``-``, ``@``, a tab or a carriage return.

    Examples
    --------
    >>> safe_cell("=1+2"), safe_cell("-5 people"), safe_cell("Food bank")
    ("'=1+2", "'-5 people", 'Food bank')
    """
    return "'" + text if text.startswith(_DANGEROUS) else text


def csv_rows(grants: Iterable[Grant]) -> tuple[list[str], list[list[str]]]:
    """Turn grants into spreadsheet rows with 360Giving's column titles.

    Parameters
    ----------
    grants : iterable of Grant
        The grants, one row each.

    Returns
    -------
    header : list of str
        :data:`COLUMNS`, with numbered columns for second and later
        beneficiary locations (``Beneficiary Location:1:Name`` ...) after the
        location columns, and for second and later classifications after the
        classification columns, when any grant has them.
    rows : list of list of str
        One row per grant. Amounts are plain numbers (``5000``, ``1234.5``);
        dates are ISO 8601; text that would start a formula gets a leading
        apostrophe (:func:`safe_cell`).

    Notes
    -----
    The plain columns hold each array's first item, as in the standard's
    rolled-up template; flattentool (``unflatten --convert-titles``) reads the
    numbered columns as further items, so no data is lost. Write the rows
    with :mod:`csv` (UTF-8) or the web app's exporter.

    Examples
    --------
    >>> council = Organisation("GB-LAE-BIR", "Birmingham City Council")
    >>> g = Grant("360G-xyzcouncil-1", "Food bank", "Running costs", 5000.0,
    ...           date(2024, 4, 1), Organisation("GB-CHC-1164883", "X Trust"), council,
    ...           beneficiary_locations=(Location("E05011118", "Ladywood"),
    ...                                  Location("E05011119", "Nechells")))
    >>> header, rows = csv_rows([g])
    >>> dict(zip(header, rows[0]))["Amount Awarded"]
    '5000'
    >>> [h for h in header if h.startswith("Beneficiary Location:1:")]
    ['Beneficiary Location:1:Name', 'Beneficiary Location:1:Country Code', 'Beneficiary Location:1:Geographic Code', 'Beneficiary Location:1:Geographic Code Type']
    """
    items = list(grants)
    locations = max((len(g.beneficiary_locations) for g in items), default=0)
    classes = max((len(g.classifications) for g in items), default=0)
    header: list[str] = []
    for column in COLUMNS:
        header.append(column)
        if column == "Beneficiary Location:Geographic Code Type":
            header += [
                f"Beneficiary Location:{i}:{name}"
                for i in range(1, locations)
                for name in _LOCATION_FIELDS
            ]
        if column == "Classifications:Title":
            header += [
                f"Classifications:{i}:{name}"
                for i in range(1, classes)
                for name in _CLASSIFICATION_FIELDS
            ]
    records = [_csv_record(g) for g in items]
    rows = [[record.get(column, "") for column in header] for record in records]
    return header, rows


def _csv_record(grant: Grant) -> dict[str, str]:
    """Map column titles to one grant's cells (text made safe)."""
    text: dict[str, str] = {
        "Identifier": grant.identifier,
        "Title": grant.title,
        "Description": grant.description,
        "Currency": grant.currency,
        "Award Date": _date_text(grant.award_date),
        "URL": grant.url,
        "Funding Org:Identifier": grant.funder.identifier,
        "Funding Org:Name": grant.funder.name,
        "Funding Org:Department": grant.funder.department,
        "Data Source": grant.data_source,
    }
    numbers: dict[str, str] = {"Amount Awarded": _plain_number(grant.amount)}
    if grant.amount_applied_for is not None:
        numbers["Amount Applied For"] = _plain_number(grant.amount_applied_for)
    if grant.amount_disbursed is not None:
        numbers["Amount Disbursed"] = _plain_number(grant.amount_disbursed)
    planned = grant.planned_dates
    if planned is not None:
        text["Planned Dates:Start Date"] = planned.start.isoformat()
        if planned.end is not None:
            text["Planned Dates:End Date"] = planned.end.isoformat()
        if planned.duration_months is not None:
            numbers["Planned Dates:Duration (months)"] = _plain_number(
                planned.duration_months
            )
    recipient = grant.recipient
    if isinstance(recipient, Individual):
        text["Recipient Ind:Identifier"] = recipient.identifier
        text["Recipient Ind:Name"] = recipient.name
    else:
        text["Recipient Org:Identifier"] = recipient.identifier
        text["Recipient Org:Name"] = recipient.name
        text["Recipient Org:Charity Number"] = recipient.charity_number
        text["Recipient Org:Company Number"] = recipient.company_number
    for i, loc in enumerate(grant.beneficiary_locations):
        stem = "Beneficiary Location:" + (f"{i}:" if i else "")
        cells = (loc.name, loc.country_code, loc.code, str(loc.code_type))
        text.update(zip((stem + n for n in _LOCATION_FIELDS), cells, strict=True))
    for i, item in enumerate(grant.classifications):
        stem = "Classifications:" + (f"{i}:" if i else "")
        values = (item.vocabulary, item.code, item.title)
        text.update(
            zip((stem + n for n in _CLASSIFICATION_FIELDS), values, strict=True)
        )
    programme = grant.grant_programme
    if programme is not None:
        text["Grant Programme:Code"] = programme.code
        text["Grant Programme:Title"] = programme.title
        text["Grant Programme:URL"] = programme.url
    if grant.from_open_call is not None:
        text["From An Open Call?"] = "Yes" if grant.from_open_call else "No"
    if grant.date_modified is not None:
        text["Last Modified"] = _date_text(grant.date_modified)
    return {key: safe_cell(value) for key, value in text.items()} | numbers


def _schema_text(name: str) -> str:
    folder = resources.files("hearthcore").joinpath("schemas").joinpath("giving360")
    return folder.joinpath(name).read_text(encoding="utf-8")


def load_schema(name: str = GRANT_SCHEMA_FILE) -> dict[str, Any]:
    """Load one of the vendored 360Giving 1.4 schemas.

    Parameters
    ----------
    name : str
        :data:`GRANT_SCHEMA_FILE` (the default) or :data:`PACKAGE_SCHEMA_FILE`.

    Returns
    -------
    dict of str to Any
        The parsed schema.

    Examples
    --------
    >>> load_schema()["title"]
    '360Giving Data Standard Schema'
    >>> load_schema(PACKAGE_SCHEMA_FILE)["required"]
    ['grants']
    """
    if name not in (GRANT_SCHEMA_FILE, PACKAGE_SCHEMA_FILE):
        raise ValueError(f"no vendored 360Giving schema called {name!r}")
    data: dict[str, Any] = json.loads(_schema_text(name))
    return data


@functools.cache
def _package_validator() -> Any:
    from jsonschema import Draft4Validator, FormatChecker  # type: ignore[import-untyped]
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    checker = FormatChecker()
    if "date-time" not in checker.checkers:
        # Without it, oneOf[{format: date-time}, {pattern}] matches twice and
        # every plain date fails.
        raise RuntimeError(
            "validating 360Giving dates needs jsonschema's date-time format "
            "(install jsonschema[format-nongpl], which brings rfc3339-validator)"
        )
    registry: Registry[Any] = Registry().with_resource(
        GRANT_SCHEMA_URL,
        Resource.from_contents(
            load_schema(GRANT_SCHEMA_FILE), default_specification=DRAFT4
        ),
    )
    return Draft4Validator(
        load_schema(PACKAGE_SCHEMA_FILE), registry=registry, format_checker=checker
    )


def _where(path: Iterable[Any]) -> str:
    parts = [str(p) for p in path]
    return "/".join(parts) if parts else "package"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _is_date_choice(schema: Any) -> bool:
    choices = schema.get("oneOf", []) if isinstance(schema, dict) else []
    return any(c == {"format": "date-time"} for c in choices)


def _is_recipient_choice(schema: Any) -> bool:
    choices = schema.get("oneOf", []) if isinstance(schema, dict) else []
    wanted = {"recipientOrganization", "recipientIndividual"}
    found = {r for c in choices for r in c.get("required", []) if r in wanted}
    return found == wanted


def _message(error: Any) -> str:
    where = _where(error.absolute_path)
    instance = error.instance
    if error.validator == "oneOf" and _is_recipient_choice(error.schema):
        if not isinstance(instance, dict):
            return f"{where}: a grant is a JSON object, not {_short(instance)}"
        recipients = {"recipientOrganization", "recipientIndividual"}
        required = {r for c in error.schema["oneOf"] for r in c["required"]}
        missing = [f"'{r}'" for r in sorted(required - recipients) if r not in instance]
        given = recipients & set(instance)
        if not given:
            missing.append("'recipientOrganization' or 'recipientIndividual'")
        problems = []
        if missing:
            plural = "s" if len(missing) > 1 else ""
            problems.append(f"missing required field{plural} " + ", ".join(missing))
        if given == recipients:
            problems.append(
                "a grant has either recipientOrganization or recipientIndividual, "
                "not both"
            )
        return f"{where}: " + "; ".join(problems or [str(error.message)])
    if error.validator == "oneOf" and _is_date_choice(error.schema):
        return (
            f"{where}: {_short(instance)} is not a date (YYYY-MM-DD) or a "
            "date-time with a time zone (2024-04-01T10:00:00+01:00)"
        )
    if error.validator == "enum":
        allowed = list(error.validator_value)
        listed = ", ".join(repr(a) for a in allowed) if len(allowed) <= 6 else ""
        return f"{where}: {_short(instance)} is not one of the allowed values" + (
            f" ({listed})" if listed else ""
        )
    if error.validator == "uniqueItems":
        return f"{where}: two items are identical"
    if error.validator == "minItems":
        return f"{where}: needs at least {error.validator_value} item(s)"
    if error.validator == "type":
        return f"{where}: {_short(instance)} is not of type {error.validator_value!r}"
    if error.validator == "format":
        return f"{where}: {_short(instance)} is not a valid {error.validator_value}"
    if error.validator == "pattern":
        return f"{where}: {_short(instance)} does not match {error.validator_value!r}"
    message = str(error.message)
    return f"{where}: {message if len(message) <= 200 else message[:197] + '...'}"


def _hearth_checks(document: Mapping[str, Any]) -> list[str]:
    problems: list[str] = []
    grants = document.get("grants")
    if not isinstance(grants, list):
        return problems
    seen: dict[str, int] = {}
    for i, grant in enumerate(grants):
        if not isinstance(grant, dict):
            continue
        for key in _AMOUNT_FIELDS:
            value = grant.get(key)
            if isinstance(value, int | float) and not isinstance(value, bool):
                if not math.isfinite(value) or value < 0:
                    problems.append(
                        f"grants/{i}/{key}: {value} is negative or not finite "
                        "(the schema allows it; an amount cannot be)"
                    )
        ident = grant.get("id")
        if isinstance(ident, str):
            if ident in seen:
                problems.append(
                    f"grants/{i}/id: {ident!r} is also the identifier of grants/{seen[ident]}"
                )
            else:
                seen[ident] = i
    return problems


def validate_package(document: Mapping[str, Any] | str) -> list[str]:
    """Check a 360Giving data package; return its problems as readable messages.

    The package is checked against the vendored 1.4 package and grant
    schemas (draft-04, with date-time formats asserted, and the grant
    schema resolved offline), then for negative amounts and repeated grant
    identifiers, which the schema does not catch.

    Parameters
    ----------
    document : mapping or str
        The package, or its JSON text.

    Returns
    -------
    list of str
        ``"<path>: <problem>"`` messages (paths like ``grants/0/title``);
        empty when the package is valid.

    Examples
    --------
    >>> validate_package({"grants": [{"id": "360G-x-1"}]})
    ["grants/0: missing required fields 'amountAwarded', 'awardDate', 'currency', 'description', 'fundingOrganization', 'title', 'recipientOrganization' or 'recipientIndividual'"]
    >>> validate_package('{"issued": "1 May 2024"}')
    ["package: 'grants' is a required property", "issued: '1 May 2024' is not a date (YYYY-MM-DD) or a date-time with a time zone (2024-04-01T10:00:00+01:00)"]
    """
    data = json.loads(document) if isinstance(document, str) else document
    if not isinstance(data, Mapping):
        return ["package: a 360Giving package is a JSON object"]
    validator = _package_validator()
    errors = sorted(
        validator.iter_errors(dict(data)),
        key=lambda e: ([str(p) for p in e.absolute_path], str(e.validator)),
    )
    messages = [_message(e) for e in errors]
    return messages + _hearth_checks(data)
