"""Plain text from the HTML that directory feeds put in descriptions."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

#: Elements that start and end a paragraph.
_BLOCK = frozenset(
    """address article aside blockquote caption dd div dl dt fieldset figcaption
    figure footer form h1 h2 h3 h4 h5 h6 header hr main nav ol p pre section table
    tbody tfoot thead ul""".split()
)
#: Elements whose content is not text for a reader.
_SKIP = frozenset("head noscript script style svg template title".split())
_TAG = re.compile(r"<(?:/?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?|!--.*?--)>", re.DOTALL)
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_SPACES = re.compile(r"[^\S\n]+")
_PARA = "\x00P"
_LINE = "\x00L"
_BR = "\x00B"


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.lists = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCK:
            self.lists += tag in ("ul", "ol")
            self.parts.append(self._block(tag))
        elif tag == "br":
            self.parts.append(_BR)
        elif tag == "li":
            self.parts.extend((_LINE, "- "))
        elif tag == "tr":
            self.parts.append(_LINE)
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _SKIP:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK:
            self.parts.append(self._block(tag))
            if tag in ("ul", "ol"):
                self.lists = max(0, self.lists - 1)
        elif tag in ("li", "tr"):
            self.parts.append(_LINE)

    def _block(self, tag: str) -> str:
        # Inside a list, a paragraph only breaks the line: items stay together.
        return _LINE if self.lists and tag not in ("ul", "ol") else _PARA

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            # In HTML a line break in the source is just a space.
            self.parts.append(re.sub(r"\s+", " ", data))


def _tidy(text: str) -> str:
    text = text.translate(_INVISIBLE).replace("\xa0", " ").replace("\r\n", "\n")
    lines = [
        _SPACES.sub(" ", line).strip() for line in text.replace("\r", "\n").split("\n")
    ]
    out = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", out).strip("\n")


def looks_like_html(text: str) -> bool:
    """Whether text contains an HTML tag or comment.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    bool
        True if a ``<p>``, ``</b>``, ``<br/>`` or ``<!-- -->`` occurs.

    Examples
    --------
    >>> looks_like_html("<p>Hi</p>"), looks_like_html("ages <5 and 5>")
    (True, False)
    """
    return _TAG.search(text) is not None


def html_to_text(text: str) -> str:
    r"""Turn an HTML fragment (or plain text) into tidy plain text.

    Tags are removed and entities decoded; paragraphs, headings, lists and
    other blocks become paragraphs separated by one blank line, ``<br>`` a
    line break, and list items lines starting ``"- "``. Scripts, styles and
    SVG are dropped. Text without any tag is taken as plain text: its line
    breaks are kept and its entities decoded. In both cases runs of spaces
    become one, zero-width characters are removed, every line is stripped
    and the result has at most one blank line in a row.

    Parameters
    ----------
    text : str
        An HTML fragment or plain text.

    Returns
    -------
    str
        Plain text; an empty string if nothing readable is left.

    Examples
    --------
    >>> html_to_text("<p>Fish &amp; chips</p><p>Fridays&nbsp;<br>12-2pm </p>")
    'Fish & chips\n\nFridays\n12-2pm'
    >>> html_to_text("<ul><li>Tea</li><li>Cake</li></ul>")
    '- Tea\n- Cake'
    >>> html_to_text("<p><br></p>")
    ''
    >>> html_to_text("Line one  \nLine two\n\n\n\nNext")
    'Line one\nLine two\n\nNext'
    """
    if not looks_like_html(text):
        return _tidy(html.unescape(text))
    parser = _Collector()
    parser.feed(text)
    parser.close()
    pieces: list[str] = []
    pending = 0  # the strongest break since the last text: 1 line, 2 paragraph
    for part in parser.parts:
        if part in (_PARA, _LINE, _BR):
            # No break before any text, nor between a list bullet and its text.
            if pieces and pieces[-1] != "- ":
                if part == _BR:  # two line breaks in a row make a paragraph
                    pending = min(2, pending + 1)
                else:
                    pending = max(pending, 2 if part == _PARA else 1)
        elif not part.strip():
            if not pending:
                pieces.append(part)
        else:
            if pending:
                pieces.append("\n" * pending)
                pending = 0
            pieces.append(part)
    return _tidy("".join(pieces))


def one_line(text: str) -> str:
    """Plain text on one line, for names, titles and address parts.

    Parameters
    ----------
    text : str
        A short text, possibly with HTML entities or tags.

    Returns
    -------
    str
        The words of :func:`html_to_text` joined by single spaces.

    Examples
    --------
    >>> one_line("  Carers &amp; Parents ")
    'Carers & Parents'
    """
    return " ".join(html_to_text(text).split())
