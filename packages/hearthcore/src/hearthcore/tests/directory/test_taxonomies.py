"""The LGA seed taxonomies."""

from __future__ import annotations

import csv
import io
from importlib import resources

from hearthcore.directory import (
    lga_functions,
    lga_services,
    page_json,
    stable_uuid,
    taxonomy_json,
    taxonomy_term_json,
    validate,
)
from hearthcore.directory.validation import check_page


def test_the_services_list():
    taxonomy, terms = lga_services()
    assert taxonomy.name == "LGA Services List"
    assert taxonomy.uri == "http://id.esd.org.uk/list/services"
    assert taxonomy.id == stable_uuid(
        "hearth/taxonomy", "http://id.esd.org.uk/list/services"
    )
    assert "Open Government Licence" in taxonomy.description
    assert len(terms) == 1519
    assert len({t.id for t in terms}) == 1519 and len({t.code for t in terms}) == 1519
    first = terms[0]
    assert (first.code, first.name) == ("1614", "16 to 19 bursary fund")
    assert first.description == (
        "Those aged between 16 and 19 years who think they might struggle with the costs "
        "for full-time education or training, may be eligible for a bursary."
    )
    assert first.term_uri == "http://id.esd.org.uk/service/1614"
    assert first.id == stable_uuid(
        "hearth/taxonomy_term", "http://id.esd.org.uk/service/1614"
    )
    assert first.taxonomy_id == taxonomy.id and first.taxonomy == "LGA Services List"
    assert all(t.parent_id is None for t in terms)
    assert sum(t.description is None for t in terms) == 14


def test_the_terms_match_the_vendored_csv():
    text = (
        resources.files("hearthcore.directory")
        .joinpath("schemas")
        .joinpath("taxonomies")
        .joinpath("services.csv")
        .read_text(encoding="utf-8")
    )
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    _, terms = lga_services()
    assert [t.code for t in terms] == [r["Identifier"] for r in rows]
    assert [t.name for t in terms] == [" ".join(r["Label"].split()) for r in rows]


def test_the_functions_list_has_two_levels():
    taxonomy, terms = lga_functions()
    assert taxonomy.name == "LGA Functions List" and len(terms) == 113
    ids = {t.id for t in terms}
    tops = [t for t in terms if t.parent_id is None]
    assert len(tops) == 13
    assert all(t.parent_id in ids for t in terms if t.parent_id is not None)
    benefits = next(t for t in terms if t.name == "Benefits")
    parent = next(t for t in terms if t.id == benefits.parent_id)
    assert (parent.code, parent.name) == ("1", "Advice and benefits")
    assert benefits.term_uri == "http://id.esd.org.uk/function/3"


def test_seed_taxonomies_serialise_validly():
    for build in (lga_services, lga_functions):
        taxonomy, terms = build()
        assert validate(taxonomy_json(taxonomy), "/taxonomies/{id}") == []
        for term in terms:
            assert validate(taxonomy_term_json(term), "taxonomy_term") == [], term
        page = page_json(
            [taxonomy_term_json(t) for t in terms[:100]],
            page_number=1,
            per_page=100,
            total_items=len(terms),
        )
        assert check_page(page, "taxonomy_term_list", per_page=100) == []
