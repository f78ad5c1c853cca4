from __future__ import annotations

import logging

from hearth.core.logging import RedactPersonalDataFilter, redact


def test_it_masks_emails_postcodes_and_phone_numbers():
    text = redact(
        "Referral for jo.bloggs@example.org at PR7 1DP, call 07700 900123 or 01257515151"
    )
    assert text == "Referral for [email] at [postcode], call [phone] or [phone]"


def test_the_filter_rewrites_records_with_arguments():
    record = logging.LogRecord(
        "x",
        logging.INFO,
        __file__,
        1,
        "user %s lives at %s",
        ("a@b.org", "PR71DP"),
        None,
    )
    RedactPersonalDataFilter().filter(record)
    assert record.getMessage() == "user [email] lives at [postcode]"


def test_area_codes_are_not_mistaken_for_personal_data():
    assert redact("E01012345 in E07000118") == "E01012345 in E07000118"


def test_postcodes_in_urls_are_masked_too():
    line = '"GET /assets/?lad=E07000118&near=PR7+1DP HTTP/1.1" 200; /areas/search/?q=pr7%201dp'
    assert redact(line) == (
        '"GET /assets/?lad=E07000118&near=[postcode] HTTP/1.1" 200; /areas/search/?q=[postcode]'
    )


def test_the_development_server_and_gunicorn_logs_are_filtered():
    from django.conf import settings

    for name in ("django.server", "gunicorn.access"):
        logger = settings.LOGGING["loggers"][name]
        handlers = [settings.LOGGING["handlers"][h] for h in logger["handlers"]]
        assert all("redact" in h.get("filters", []) for h in handlers)
