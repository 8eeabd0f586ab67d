"""Render a parsed Law back as the portal publishes it, so TXT and HTML parsing can be checked against the JSON.

``portal_txt`` imitates the text saved from zakon.rada.gov.ua: a header with the редакція, paragraphs
indented and wrapped at 66 columns, section headings, editorial notes in braces, the signature.
``portal_html`` imitates its page: ``<div id="article">`` of ``<p class="rvps2">`` paragraphs, article
numbers in ``<span class="rvts9">``, superscripts as ``<sup>`` or the portal's hidden-dash span, the
редакція in the selected ``<option>`` of the editions list.
"""

from __future__ import annotations

import html
import re
import textwrap

from inspect_tui.law.model import LawText

HEADER = [
    "З А К О Н   У К Р А Ї Н И",
    "Про запобігання корупції",
    "(Відомості Верховної Ради (ВВР), 2014, № 49, ст.2056)",
    "{Із змінами, внесеними згідно із Законами № 77-VIII від 28.12.2014, ВВР, 2015, № 11, ст.75}",
]
SIGNATURE = ["Президент України                                П.ПОРОШЕНКО", "м. Київ", "14 жовтня 2014 року", "№ 1700-VII"]


def _blocks(law: LawText) -> list[tuple[str, str]]:
    """(kind, text) in document order: ``heading`` for section titles, ``note`` for editorial notes."""
    out: list[tuple[str, str]] = [("heading", "Розділ I"), ("heading", "ЗАГАЛЬНІ ПОЛОЖЕННЯ")]
    for index, article in enumerate(law.articles):
        out.extend(("para", p) for p in article.paragraphs())
        if index % 7 == 3 and not article.repealed:
            out.append(("note", f"{{Статтю {article.number} із змінами, внесеними згідно із Законом № 1079-IX від 15.12.2020}}"))
    assert law.final is not None
    out += [("heading", "Розділ XIII"), ("heading", "ПРИКІНЦЕВІ ТА ПЕРЕХІДНІ ПОЛОЖЕННЯ")]
    out.extend(("para", p) for p in law.final.paragraphs()[1:])
    return out


def portal_txt(law: LawText) -> str:
    lines = [f"         {h}" for h in HEADER] + [f"Редакція від {law.edition:%d.%m.%Y}", ""]
    for kind, text in _blocks(law):
        if kind == "heading":
            lines += ["", f"{text:^66}".rstrip(), ""]
            continue
        lines += textwrap.wrap(text, width=66, initial_indent="     ", break_long_words=False, break_on_hyphens=False)
    lines += ["", *SIGNATURE]
    return "\r\n".join(lines) + "\r\n"


_SUP = re.compile(r"(Стаття \d+|^\d+|\bстатт\w+ \d+)-(\d+)")


def _superscripts(text: str, hidden_dash: bool) -> str:
    """«13-1» as the portal writes it: ``13<sup>1</sup>`` or ``13<span class=rvts37><span>-</span>1</span>``."""
    def repl(match: re.Match[str]) -> str:
        if hidden_dash:
            return f'{match.group(1)}<span class="rvts37"><span style="font-size:0px">-</span>{match.group(2)}</span>'
        return f"{match.group(1)}<sup>{match.group(2)}</sup>"
    return _SUP.sub(repl, text)


def portal_html(law: LawText) -> str:
    body: list[str] = [f'<p class="rvps6"><span class="rvts23">{html.escape(HEADER[1])}</span></p>']
    body += [f'<p class="rvps2"><span class="rvts46">{html.escape(HEADER[3])}</span></p>']
    for n, (kind, text) in enumerate(_blocks(law)):
        escaped = html.escape(text, quote=False)
        if kind == "heading":
            body.append(f'<p class="rvps7"><span class="rvts15">{escaped}</span></p>')
            continue
        if kind == "note":
            body.append(f'<p class="rvps2"><span class="rvts46">{escaped}</span></p>')
            continue
        match = re.match(r"^(Стаття \S+\.)(.*)$", escaped)
        if match:
            escaped = f'<span class="rvts9">{_superscripts(match.group(1), n % 2 == 0)}</span>{match.group(2)}'
        else:
            escaped = _superscripts(escaped, n % 2 == 0)
        body.append(f'<p class="rvps2"><a name="n{n}"></a>{escaped}</p>')
    return (
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Про запобігання корупції | від 14.10.2014 № 1700-VII</title>"
        "<script>var x = '<p>Стаття 99. not the law</p>';</script></head>\n<body>\n"
        f'<select id="edition"><option value="/laws/show/1700-18/ed20141014">перша</option>'
        f'<option selected value="/laws/show/1700-18/ed{law.edition:%Y%m%d}">поточна</option></select>\n'
        '<div id="article">\n' + "\n".join(body) + "\n" + "\n".join(f'<p class="rvps2">{html.escape(s)}</p>' for s in SIGNATURE)
        + '\n</div>\n<h2 class=hdr1>Публікації документа</h2><p>Голос України від 25.10.2014 — № 206</p>\n</body></html>\n'
    )


def reworded(law: LawText, article: str, part: str, new_text: str) -> LawText:
    """``law`` with one part's lead sentence replaced."""
    def change(unit: dict) -> dict:  # type: ignore[type-arg]
        return {**unit, "body": [new_text, *unit["body"][1:]]}
    return edited(law, article, lambda a: {**a, "body": [change(b) if isinstance(b, dict) and b["number"] == part else b for b in a["body"]]})


def edited(law: LawText, article: str, change, **fields) -> LawText:  # type: ignore[no-untyped-def]
    """A new text (validated afresh: no cached digest survives) with one article's dumped form changed."""
    data = law.model_dump(mode="json")
    data["articles"] = [change(a) if a["number"] == article else a for a in data["articles"]]
    return LawText.model_validate({**data, **fields})
