"""HTML descriptions become tidy plain text."""

from __future__ import annotations

import pytest

from hearthcore.directory import html_to_text
from hearthcore.directory.plaintext import looks_like_html, one_line


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>One</p><p>Two</p>", "One\n\nTwo"),
        ("<p>Fish &amp; chips&nbsp;</p>", "Fish & chips"),
        ("<p>a<br>b</p>", "a\nb"),
        ("<p>a<br><br><br>b</p>", "a\n\nb"),
        ("<p><br></p>", ""),
        (
            "<h2>Who</h2><p>Users:</p><ul><li>Tea</li><li>Cake</li></ul><p>End</p>",
            "Who\n\nUsers:\n\n- Tea\n- Cake\n\nEnd",
        ),
        ("<ul>\n  <li><p>Tea</p></li>\n  <li>Cake</li>\n</ul>", "- Tea\n- Cake"),
        ("<p>Spread\nover\n  lines</p>", "Spread over lines"),
        ("<p>x<script>alert(1)</script><style>p{}</style>y</p>", "xy"),
        (
            "<table><tr><td>Mon</td><td>9-5</td></tr><tr><td>Tue</td><td>9-1</td></tr></table>",
            "Mon 9-5\nTue 9-1",
        ),
        (
            '<p><a href="https://x.example">https://x.example</a> &quot;quoted&quot;</p>',
            'https://x.example "quoted"',
        ),
        ("<p>\u200b\u200bZero width</p>", "Zero width"),
        ("<!-- note --><p>Kept</p>", "Kept"),
        ("<p>Unclosed <b>bold", "Unclosed bold"),
    ],
)
def test_html(html, text):
    assert html_to_text(html) == text


@pytest.mark.parametrize(
    ("plain", "text"),
    [
        ("Line one  \nLine two\n\n\n\nNext", "Line one\nLine two\n\nNext"),
        ("Tea &amp; cake", "Tea & cake"),
        ("Ages <5 and >3", "Ages <5 and >3"),
        ("  trailing spaces   \r\nwindows", "trailing spaces\nwindows"),
        ("", ""),
    ],
)
def test_plain_text_keeps_its_lines(plain, text):
    assert html_to_text(plain) == text


def test_the_result_is_stable():
    messy = "<h1>T</h1><p>A&nbsp; b</p><ul><li>x</li></ul>"
    once = html_to_text(messy)
    assert html_to_text(once) == once


def test_looks_like_html_and_one_line():
    assert looks_like_html("<br/>") and looks_like_html("a <p class='x'>b")
    assert not looks_like_html("a < b > c")
    assert one_line("  <b>Carers</b>\n &amp; friends ") == "Carers & friends"
