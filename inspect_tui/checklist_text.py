"""Plain-text table of contents of a checklist, for ``inspect-tui checklists show``.

The text is meant to be read and signed off by an inspector: numbered sections and
questions, the legal basis of each question in Ukrainian citation form
(«пп. 1, 2 ч. 1 ст. 28 Закону») marked where it is practice or a permissive norm rather
than a duty of the Law (a «Ні» there is a shortcoming, not a violation), applicability
stated in words rather than as a rule expression, and, on request, the documents to ask for and the guidance. Messages come
from the ``checklist_text`` catalog of the requested language (not the current one).
"""

from __future__ import annotations

import itertools
import re
import textwrap
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from inspect_tui import gifts
from inspect_tui.answers import ANSWERS, in_act_order
from inspect_tui.domain.checklist import MAIN_LAW, Basis, Checklist, Item, LegalRef
from inspect_tui.domain.inspection import Answer
from inspect_tui.domain.rules import PROFILE_FIELDS, AllOf, Comparison, Kind, Not, Rule, Sector, describe
from inspect_tui.i18n import DEFAULT_LANGUAGE, LANGUAGES, catalog, translate
from inspect_tui.law.model import Citation, LawText

WIDTH = 100


def _t(lang: str, key: str, /, **params: Any) -> str:
    """A ``checklist_text`` message in ``lang`` (falling back to Ukrainian, then the key)."""
    return translate(lang, f"checklist_text.{key}", **params)


def _plural(lang: str, key: str, count: int) -> str:
    """Ukrainian has three plural forms (1 питання, 2 питання, 5 питань); English two."""
    if lang == "uk":
        if count % 10 == 1 and count % 100 != 11:
            form = "one"
        elif 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
            form = "few"
        else:
            form = "many"
    else:
        form = "one" if count == 1 else "many"
    return _t(lang, f"{key}_{form}", count=count)


def _number(lang: str, value: int) -> str:
    grouped = f"{value:,}"
    return grouped.replace(",", "\u00a0") if lang == "uk" else grouped


def _money(lang: str, value: int) -> str:
    if value >= 1_000_000 and value % 1_000_000 == 0:
        return _t(lang, "money_mln", value=_number(lang, value // 1_000_000))
    return _t(lang, "money", value=_number(lang, value))


# --- legal references -------------------------------------------------------------------------


def _article_key(article: str) -> tuple[int, int] | None:
    head, _, tail = article.partition("-")
    if not head.isdigit() or (tail and not tail.isdigit()):
        return None
    return int(head), int(tail) if tail else 0


def _articles(articles: list[str], lang: str) -> str:
    """Whole articles, consecutive ones as a range: «ст. 30–34», "Arts. 30–34"."""
    runs: list[list[str]] = []
    for article in articles:
        key, prev = _article_key(article), _article_key(runs[-1][-1]) if runs else None
        if key and prev and key[1] == prev[1] == 0 and key[0] == prev[0] + 1:
            runs[-1].append(article)
        else:
            runs.append([article])
    parts = [f"{run[0]}–{run[-1]}" if len(run) > 2 else ", ".join(run) for run in runs]
    if lang == "uk":
        return "ст. " + ", ".join(parts)
    return ("Arts. " if len(articles) > 1 else "Art. ") + ", ".join(parts)


def _runs(numbers: list[str]) -> str:
    """«3, 4, 5» reads as «3–5»; anything that is not a plain number stays as written."""
    out: list[list[str]] = []
    for n in numbers:
        if out and n.isdigit() and out[-1][-1].isdigit() and int(n) == int(out[-1][-1]) + 1:
            out[-1].append(n)
        else:
            out.append([n])
    return ", ".join(f"{run[0]}–{run[-1]}" if len(run) > 2 else ", ".join(run) for run in out)


def _one_article(refs: list[LegalRef], lang: str) -> str:
    """Refs into one article, parts and points grouped: «пп. 1, 2 ч. 1, ч. 5 ст. 28», "Art. 28(1)(1), (1)(2), (5)"."""
    article = refs[0].article
    if lang != "uk":
        bits = [f"({r.part})" + (f"({r.point})" if r.point else "") for r in refs if r.part]
        return f"Art. {article}" + ", ".join(bits)
    fragments: list[str] = []
    for part, group in itertools.groupby(refs, key=lambda r: r.part):
        points = [r.point for r in group if r.point]
        if points:
            prefix = "пп." if len(points) > 1 else "п."
            listed = _runs(points)
            fragments.append(f"{prefix} {listed} ч. {part}" if part else f"{prefix} {listed}")
        elif part:
            fragments.append(f"ч. {part}")
    # "ч. 1, ч. 2" reads as "ч. 1, 2"
    merged: list[str] = []
    for fragment in fragments:
        if merged and merged[-1].startswith("ч. ") and fragment.startswith("ч. ") and " п" not in merged[-1]:
            merged[-1] = f"{merged[-1]}, {fragment[3:]}"
        else:
            merged.append(fragment)
    return f"{', '.join(merged)} ст. {article}"


def refs_text(refs: Iterable[LegalRef], lang: str = "uk") -> str:
    """Legal references as an inspector cites them: «ч. 1 ст. 61, ч. 5 ст. 62 Закону» / "Art. 61(1); Art. 62(5) of the Law"."""
    by_law: list[tuple[str, list[LegalRef]]] = []
    for law, group in itertools.groupby(refs, key=lambda r: r.law):
        by_law.append((law, list(group)))
    chunks = []
    for law, law_refs in by_law:
        pieces: list[str] = []
        whole: list[str] = []
        for article, group in itertools.groupby(law_refs, key=lambda r: r.article):
            article_refs = list(group)
            if all(not r.part and not r.point for r in article_refs):
                whole.append(article)
                continue
            if whole:
                pieces.append(_articles(whole, lang))
                whole = []
            pieces.append(_one_article(article_refs, lang))
        if whole:
            pieces.append(_articles(whole, lang))
        name = _t(lang, "law_short") if law == MAIN_LAW else _t(lang, "law_other", law=law)
        chunks.append(("; " if lang != "uk" else ", ").join(pieces) + " " + name)
    return "; ".join(chunks)


# --- applicability in words -------------------------------------------------------------------


def _values(lang: str, field: str, values: list[Any], joiner: str) -> str:
    names = [_t(lang, f"{field}.{v}") for v in values]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + _t(lang, f"rule.{joiner}") + names[-1]


#: Yes/no profile flags and their catalog sections.
_FLAG_KEYS = {"procurement_participant_20m": "procurement", "city_level": "city_level", "higher_education": "higher_education"}


def _comparison_words(rule: Comparison, lang: str) -> str:
    field, op, value = rule.field, rule.op, rule.value
    if field in ("kind", "sector"):
        values = value if isinstance(value, list) else [value]
        positive = op in ("eq", "in")
        listed = _values(lang, field, values, "list_or" if positive else "list_and")
        return _t(lang, f"{field}.{'is' if positive else 'is_not'}", value=listed)
    field = rule.profile_field
    if field in _FLAG_KEYS:
        key = _FLAG_KEYS[field]
        if op in ("in", "not_in"):
            return describe(rule, lang)
        truth = bool(value) if op == "eq" else not bool(value)
        return _t(lang, f"{key}.{'yes' if truth else 'no'}")
    if field in ("headcount", "gross_revenue_uah") and op not in ("in", "not_in") and isinstance(value, int):
        shown = _number(lang, value) if field == "headcount" else _money(lang, value)
        return _t(lang, f"{'headcount' if field == 'headcount' else 'revenue'}.{op}", value=shown)
    return describe(rule, lang)


def rule_text(rule: Rule, lang: str = "uk", *, nested: bool = False) -> str:
    """A rule in words: «суб'єкт — підприємство і середньооблікова чисельність понад 50 осіб …»."""
    if isinstance(rule, Comparison):
        return _comparison_words(rule, lang)
    if isinstance(rule, Not):
        return _t(lang, "rule.not", condition=rule_text(rule.not_, lang))
    parts = rule.all if isinstance(rule, AllOf) else rule.any
    words = [rule_text(p, lang, nested=True) for p in parts]
    if isinstance(rule, AllOf) and len(words) > 2:
        text = ", ".join(words[:-1]) + _t(lang, "rule.and") + words[-1]
    else:
        text = _t(lang, "rule.and" if isinstance(rule, AllOf) else "rule.or").join(words)
    return f"({text})" if nested and len(parts) > 1 else text


def _constants(rule: Rule) -> dict[str, set[int]]:
    found: dict[str, set[int]] = {}
    if isinstance(rule, Comparison):
        values = rule.value if isinstance(rule.value, list) else [rule.value]
        for v in values:
            if isinstance(v, int) and not isinstance(v, bool):
                found.setdefault(rule.field, set()).add(v)
        return found
    children = [rule.not_] if isinstance(rule, Not) else (rule.all if isinstance(rule, AllOf) else rule.any)
    for child in children:
        for field, constants in _constants(child).items():
            found.setdefault(field, set()).update(constants)
    return found


def profiles_for(rule: Rule) -> Iterable[dict[str, Any]]:
    """Profiles that cover every distinct outcome of ``rule`` (each enum value, each side of each number)."""
    numbers = _constants(rule)
    choices: dict[str, list[Any]] = {
        "kind": [k.value for k in Kind],
        "sector": [s.value for s in Sector],
        "procurement_participant_20m": [False, True],
        "city_level": [None, False, True],
        "higher_education": [None, False, True],
    }
    for field in ("headcount", "gross_revenue_uah"):
        points = {0}
        for c in numbers.get(field, set()):
            points.update({max(c - 1, 0), c, c + 1})
        choices[field] = sorted(points)
    assert set(choices) == set(PROFILE_FIELDS), "a new profile field needs a place here"
    names = list(choices)
    for combo in itertools.product(*(choices[n] for n in names)):
        yield dict(zip(names, combo, strict=True))


def never_applies(rule: Rule) -> bool:
    """True when no entity the profile model allows satisfies ``rule`` (an item N/A for everyone)."""
    return not any(rule.evaluate(profile) is not False for profile in profiles_for(rule))


# --- the whole table of contents --------------------------------------------------------------


def _clause(text: str, lang: str) -> str:
    """A sentence set after a colon: no final full stop; in Ukrainian a lower-case start unless an abbreviation."""
    text = text.strip().rstrip(".")
    if lang == "uk" and len(text) > 1 and text[0].isupper() and text[1].islower():
        text = text[0].lower() + text[1:]
    return text


_GLUE = "\x00"  # a space the wrapper must not break at, restored to a plain space afterwards
_KEEP_TOGETHER = (
    (re.compile(r"\b(ст|ч|п|пп|Art|Arts|No)\. (?=[\d«])"), "\\1." + _GLUE),
    (re.compile(r"№ (?=\d)"), "№" + _GLUE),
    (re.compile(r" (?=— )"), _GLUE),
    (re.compile(r"(\d) (?=грн|млн|осіб|р\.)"), "\\1" + _GLUE),
    (re.compile(r"(млн|UAH) (?=грн|\d)"), "\\1" + _GLUE),
    (re.compile(r"«Не "), "«Не" + _GLUE),
    (re.compile(r"sha256 "), "sha256" + _GLUE),
    (re.compile(r"(\[[^\]\s]+) (?=[^\]\s]+\])"), "\\1" + _GLUE),  # a two-word basis marker
)


def _wrap(text: str, indent: str, first: str | None = None) -> list[str]:
    """Wrap at WIDTH without separating «ст.» from its number or a dash from the word before it."""
    glued = text.replace(_GLUE, " ")
    for pattern, replacement in _KEEP_TOGETHER:
        glued = pattern.sub(replacement, glued)
    lines = textwrap.wrap(
        glued, width=WIDTH, initial_indent=first if first is not None else indent, subsequent_indent=indent,
        break_long_words=False, break_on_hyphens=False,
    ) or [first or indent]
    return [line.replace(_GLUE, " ") for line in lines]


def _gift_line(item: Item, lang: str, year: int | None, subsistence: Mapping[Any, Any] | None) -> str | None:
    if not any(r.law == MAIN_LAW and r.article == "23" and r.part == "2" for r in item.refs):
        return None
    try:
        when = year if year is not None else gifts.latest_year(subsistence, up_to=date.today().year)
        if when is None:
            return None
        pm = gifts.subsistence_minimum(when, subsistence)
    except (gifts.SubsistenceMinimumUnknown, ValueError):
        return None
    per_gift, per_year = gifts.gift_limits(when, subsistence)
    changed = gifts.limits_change_in(when)
    if changed is not None:  # ч. 2 ст. 23 changed within the year: both wordings, each with its days
        old_per_gift, old_per_year = gifts.gift_limits(when, subsistence, on=changed - timedelta(days=1))
        return _t(
            lang, "gift_limits_changed", year=when, pm=_money(lang, pm),
            before=(changed - timedelta(days=1)).strftime("%d.%m.%Y"), since=changed.strftime("%d.%m.%Y"),
            old_per_gift=_money(lang, old_per_gift), old_per_year=_money(lang, old_per_year),
            per_gift=_money(lang, per_gift), per_year=_money(lang, per_year),
        )
    return _t(
        lang, "gift_limits", year=when, pm=_money(lang, pm),
        per_gift=_money(lang, per_gift), per_year=_money(lang, per_year),
    )


def _norm_texts(item: Item, law: LawText, lang: str, indent: str) -> list[str]:
    """The cited norms' text (``checklists show --law``): each citation, then its passage, indented."""
    lines: list[str] = []
    for ref in item.refs:
        if ref.law != MAIN_LAW:
            continue
        passage = law.passage(Citation.of(ref))
        edition = law.edition.strftime("%d.%m.%Y")
        if passage is None:
            lines.extend(_wrap(_t(lang, "law_missing", ref=ref.citation(), edition=edition), indent))
            continue
        lines.extend(_wrap(_t(lang, "law_text", ref=ref.citation(), edition=edition), indent))
        for paragraph in passage:
            lines.extend(_wrap(paragraph, indent + "  "))
    return lines


def format_checklist(
    checklist: Checklist,
    lang: str,
    *,
    details: bool = False,
    year: int | None = None,
    subsistence: Mapping[Any, Any] | None = None,
    law: LawText | None = None,
) -> str:
    """Numbered sections and questions with their legal basis and applicability in words.

    ``details`` adds the documents to request, the guidance and the reason for «Не застосовується»;
    ``year`` and ``subsistence`` (the user's ПМ overrides) set the gift limits shown under
    items citing ч. 2 ст. 23 (default: the latest year with a known ПМ, not after this year);
    ``law`` prints under each question the text of every norm it cites, as that text has it.
    """
    lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    na_key = ANSWERS[Answer.NOT_APPLICABLE].label_key
    na = catalog(lang).get(na_key) or catalog(DEFAULT_LANGUAGE)[na_key]
    answers = " · ".join(
        catalog(lang).get(row.label_key) or catalog(DEFAULT_LANGUAGE).get(row.label_key, row.answer.value)
        for row in in_act_order()
        if row.official
    )
    items = checklist.items
    lines = [
        _t(lang, "heading"),
        *_wrap(checklist.title.get(lang), ""),
        *_wrap(_t(
            lang, "meta", id=checklist.id, version=checklist.version,
            questions=_plural(lang, "questions", len(items)),
            sections=_plural(lang, "sections", len(checklist.sections)), sha=checklist.sha256[:12],
        ), ""),
        *_wrap(_t(lang, "legal_basis", text=checklist.legal_basis.get(lang)), ""),
    ]
    if any(r.law == MAIN_LAW for item in items for r in item.refs):
        lines.extend(_wrap(_t(lang, "law_abbrev"), ""))
    lines.append(_t(lang, "answers", answers=answers))
    marked = {item.basis for item in items} - {Basis.LAW}
    if marked:
        markers = {b.value: _t(lang, f"basis_{b.value}") for b in Basis if b is not Basis.LAW}
        lines.extend(_wrap(_t(lang, "basis_legend", **markers), ""))
    if details and checklist.description is not None:
        lines.extend(["", *_wrap(checklist.description.get(lang), "")])
    conditional = never = 0
    whole = items[0].applies_if if len(items) > 1 and all(i.applies_if == items[0].applies_if for i in items) else None
    if whole is not None and not never_applies(whole):
        lines.extend(_wrap(_t(lang, "all_apply", condition=rule_text(whole, lang), na=na), ""))
    for s_number, section in enumerate(checklist.sections, start=1):
        lines.extend(["", *_wrap(_t(lang, "section", number=s_number, title=section.title.get(lang)), "")])
        first_rule = section.items[0].applies_if
        same = len(section.items) > 1 and all(i.applies_if == first_rule for i in section.items)
        shared = whole if whole is not None else (first_rule if same else None)
        if shared is not None and whole is None and not never_applies(shared):
            lines.extend(_wrap(_t(lang, "section_applies", condition=rule_text(shared, lang), na=na), ""))
        for i_number, item in enumerate(section.items, start=1):
            first = f"  {s_number}.{i_number}. "
            indent = " " * len(first)
            lines.append("")
            lines.extend(_wrap(f"{item.question.get(lang)}  [{item.id}]", indent, first))
            norm = _t(lang, "norm", refs=refs_text(item.refs, lang))
            if item.basis is not Basis.LAW:
                norm = _t(lang, "marked", text=norm, basis=_t(lang, f"basis_{item.basis.value}"))
            lines.extend(_wrap(norm, indent))
            holder = _t(lang, f"holder_{item.duty_holder.value}")
            if item.basis is Basis.LAW:
                holder = _t(lang, "holder_law", holder=holder, no=_t(lang, f"holder_no_{item.duty_holder.value}"))
            lines.extend(_wrap(_t(lang, "holder", holder=holder), indent))
            if law is not None:
                lines.extend(_norm_texts(item, law, lang, indent + "  "))
            if item.applies_if is not None:
                reason = _clause(item.na_reason.get(lang) if item.na_reason else "", lang)
                if never_applies(item.applies_if):
                    never += 1
                    lines.extend(_wrap(_t(lang, "never", na=na, reason=reason), indent))
                else:
                    conditional += 1
                    if shared is None:
                        lines.extend(_wrap(_t(lang, "applies", condition=rule_text(item.applies_if, lang), na=na), indent))
                    if details and reason:
                        lines.extend(_wrap(_t(lang, "na_reason", na=na, reason=reason), indent))
            gift = _gift_line(item, lang, year, subsistence)
            if gift:
                lines.extend(_wrap(gift, indent))
            if details and item.documents:
                lines.extend(_wrap(_t(lang, "documents", list="; ".join(item.documents)), indent))
            if details and item.guidance is not None:
                lines.extend(_wrap(_t(lang, "guidance", text=item.guidance.get(lang)), indent))
    lines.extend([
        "",
        *_wrap(_t(
            lang, "summary", questions=_plural(lang, "questions", len(items)),
            conditional=conditional, never=never,
        ), ""),
    ])
    return "\n".join(lines).rstrip() + "\n"
