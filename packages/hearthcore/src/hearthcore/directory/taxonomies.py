"""Seed taxonomies: the LGA Services List and Functions List.

The lists are the LGA / LG Inform Plus (esd) lists of 2013-2015, vendored
verbatim in ``schemas/taxonomies/`` (see its ``SOURCE.txt``). They are
published under the Open Government Licence v3.0 with attribution to the LG
Inform Plus programme: show :data:`ATTRIBUTION` wherever their terms appear.

Ids are stable: a term's id is :func:`~hearthcore.directory.model.stable_uuid`
of its esd URI (``http://id.esd.org.uk/service/<n>``), so every Hearth
installation gives the same term the same id.

>>> taxonomy, terms = lga_services()
>>> taxonomy.name, len(terms), terms[0].code, terms[0].name
('LGA Services List', 1519, '1614', '16 to 19 bursary fund')
"""

from __future__ import annotations

import csv
import io
from functools import lru_cache
from importlib import resources
from typing import Final

from .model import Taxonomy, TaxonomyTerm, stable_uuid
from .plaintext import html_to_text, one_line

#: Attribution the Open Government Licence asks for.
ATTRIBUTION: Final = (
    "Contains the LGA Services List and Functions List, LG Inform Plus "
    "(http://standards.esd.org.uk), licensed under the Open Government Licence v3.0."
)
LGA_SERVICES_URI: Final = "http://id.esd.org.uk/list/services"
LGA_FUNCTIONS_URI: Final = "http://id.esd.org.uk/list/functions"
#: Namespaces of the stable ids.
TAXONOMY_NAMESPACE: Final = "hearth/taxonomy"
TERM_NAMESPACE: Final = "hearth/taxonomy_term"


def _read(file: str) -> list[dict[str, str]]:
    folder = resources.files("hearthcore.directory").joinpath("schemas")
    text = folder.joinpath("taxonomies").joinpath(file).read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _build(
    rows: list[dict[str, str]],
    *,
    name: str,
    description: str,
    list_uri: str,
    item_uri: str,
) -> tuple[Taxonomy, tuple[TaxonomyTerm, ...]]:
    taxonomy = Taxonomy(
        id=stable_uuid(TAXONOMY_NAMESPACE, list_uri),
        name=name,
        description=description,
        uri=list_uri,
    )

    def term_id(code: str) -> str:
        return stable_uuid(TERM_NAMESPACE, item_uri + code)

    terms = []
    for row in rows:
        code = row["Identifier"].strip()
        parents = (row.get("Parent identifiers") or "").replace(";", ",").split(",")
        parent = parents[0].strip()
        terms.append(
            TaxonomyTerm(
                id=term_id(code),
                name=one_line(row["Label"]),
                description=html_to_text(row.get("Description") or "") or None,
                code=code,
                parent_id=term_id(parent) if parent else None,
                taxonomy_id=taxonomy.id,
                taxonomy=name,
                term_uri=item_uri + code,
            )
        )
    return taxonomy, tuple(terms)


@lru_cache(maxsize=1)
def lga_services() -> tuple[Taxonomy, tuple[TaxonomyTerm, ...]]:
    """Return the LGA Services List as a taxonomy and its 1,519 terms (flat).

    Returns
    -------
    (Taxonomy, tuple of TaxonomyTerm)
        Terms in the list's own order (alphabetical), each with its esd
        identifier as ``code``, its label as ``name``, its scope note as
        ``description`` (None for the 14 without one) and
        ``http://id.esd.org.uk/service/<code>`` as ``term_uri``.

    Examples
    --------
    >>> _, terms = lga_services()
    >>> [t.name for t in terms if t.code == "1512"]
    ['Abandoned bicycles']
    """
    return _build(
        _read("services.csv"),
        name="LGA Services List",
        description=(
            "Services provided by English local authorities: the LGA / LG Inform "
            "Plus Services List (including the Local Government Services List), "
            "list versions 4.0x of 2013-2015. " + ATTRIBUTION
        ),
        list_uri=LGA_SERVICES_URI,
        item_uri="http://id.esd.org.uk/service/",
    )


@lru_cache(maxsize=1)
def lga_functions() -> tuple[Taxonomy, tuple[TaxonomyTerm, ...]]:
    """Return the LGA Functions List: 113 functions in two levels.

    Returns
    -------
    (Taxonomy, tuple of TaxonomyTerm)
        Terms in the list's order; second-level terms have ``parent_id``.

    Examples
    --------
    >>> _, terms = lga_functions()
    >>> top = {t.id: t.name for t in terms if t.parent_id is None}
    >>> len(terms), len(top), top[terms[1].parent_id], terms[1].name
    (113, 13, 'Advice and benefits', 'Advice and welfare rights')
    """
    return _build(
        _read("functions.csv"),
        name="LGA Functions List",
        description=(
            "Functions of English local authorities, in two levels: the LGA / LG "
            "Inform Plus Functions List of 2013-2015. " + ATTRIBUTION
        ),
        list_uri=LGA_FUNCTIONS_URI,
        item_uri="http://id.esd.org.uk/function/",
    )
