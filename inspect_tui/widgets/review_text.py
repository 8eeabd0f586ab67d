"""What the review screen says about an inspection, as text: counts, the «Ні» findings, the basis, the state.

Pure functions of the inspection (and the settings' issuer), so the screen only places them.
"""

from __future__ import annotations

from rich.text import Text

from inspect_tui.answers import ANSWERS
from inspect_tui.domain.checklist import Item
from inspect_tui.domain.inspection import Finding, Inspection, LegalBasis, NoKind, Problem, Status, signoff_problems
from inspect_tui.domain.settings import Issuer
from inspect_tui.i18n import get_language, t
from inspect_tui.widgets.basis import SIGNS_STYLE, no_style, refs_line
from inspect_tui.widgets.forms import format_date


def problem_lines(inspection: Inspection, issuer: Issuer | None = None) -> list[str]:
    """Why sign-off is refused, one line per problem, naming the item by number and question.

    With ``issuer`` (the settings' council and unit) a missing header is listed first.
    """
    header = [Problem(code=f"no_{name}") for name in issuer.missing()] if issuer is not None else []
    return [problem_line(inspection, p) for p in header + signoff_problems(inspection)]


def problem_line(inspection: Inspection, problem: Problem) -> str:
    """One refusal in words; a «Ні» is named as what it states (violation, signs, shortcoming)."""
    if problem.item_id is None:
        return t(f"tui.problem.{problem.code}")
    item = inspection.checklist.item(problem.item_id)
    kind = inspection.no_kind(item)
    code = problem.code.replace("violation_", f"{kind.value}_") if kind is not NoKind.VIOLATION else problem.code
    number = inspection.checklist.item_numbers()[problem.item_id]
    return f"{number} {short(item.question.get(get_language()))}: {t(f'tui.problem.{code}')}"


def short(text: str, width: int = 48) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def counts_text(ins: Inspection) -> Text:
    """How many items have each answer, and what the «Ні» answers state."""
    counts = ins.counts()
    text = Text()
    for row in ANSWERS.values():
        text.append(f"{row.mark} {t(row.label_key)}: ", style="dim")
        text.append(f"{counts[row.answer]}  ", style="bold")
    signs = len(ins.signs_found)
    text.append("\n" + t("tui.review.noes", violations=ins.open_violations - signs, signs=signs, shortcomings=ins.shortcomings))
    return text


def held_text(ins: Inspection, held_by: list[str]) -> Text:
    """Other inspections with this number, and what can be done about it."""
    key = "review_held" if ins.status is not Status.SIGNED and ins.supersedes is None else "review_held_fixed"
    return Text(t(f"numbering.tui.{key}", number=ins.number, holders="; ".join(held_by)) + "\n", style="bold yellow")


def basis_text(b: LegalBasis) -> Text:
    """The act that ordered the inspection, as the certificate names it (b — change it)."""
    text = Text(t("tui.review.basis") + " ", style="dim")
    if not b.act.strip():
        text.append(t("tui.review.basis_no_act", number=b.order_number, date=format_date(b.order_date)), style="yellow")
        return text
    title = f" «{b.title}»" if b.title.strip() else ""
    text.append(t("tui.review.basis_act", act=b.act, number=b.order_number, date=format_date(b.order_date)) + title)
    return text


def noes_text(ins: Inspection, name: str, kind: NoKind, items: list[Item]) -> Text:
    """The «Ні» findings of one kind, numbered as the certificate does; signs say whether the notice was sent."""
    numbers = ins.checklist.item_numbers()
    lang = get_language()
    text = Text(t(f"tui.review.{name}", count=len(items)) + "\n", style="bold")
    if kind is NoKind.SIGNS and items:
        text.append(t("tui.review.signs_intro") + "\n", style=SIGNS_STYLE)
    for n, item in enumerate(items, start=1):
        f = ins.findings[item.id]
        text.append(f"{n}. [{numbers[item.id]}] {item.question.get(lang)}\n", style=no_style(kind))
        text.append("   ")
        text.append(refs_line(item, lang))
        text.append("\n")
        if f.note:
            text.append(f"   {t('tui.run.note')}: {f.note}\n")
        if f.recommendation:
            text.append(f"   {t('tui.run.recommendation')}: {f.recommendation}\n")
        if f.deadline:
            text.append(f"   {t('tui.run.deadline')}: {format_date(f.deadline)}\n")
        if f.override_reason:
            text.append(f"   {t('tui.run.override_reason')}: {f.override_reason}\n", style="dark_orange")
        if kind is NoKind.SIGNS and item.needs_notice:
            text.append("   ")
            text.append(*notice(f))
            text.append("\n")
    return text


def addenda_text(ins: Inspection) -> Text:
    """The head's objections received after signing, each with its sha256."""
    text = Text(t("tui.review.addenda", count=len(ins.addenda)) + "\n", style="bold")
    for addendum in ins.addenda:
        text.append(f"• {format_date(addendum.received_on)}: ", style="bold")
        text.append(f"{addendum.text}\n")
        text.append(f"  sha256: {addendum.sha256}\n", style="dim")
    return text


def state_text(ins: Inspection, issuer: Issuer) -> Text:
    """Signed (by whom, its sha256), ready to sign, or what still blocks signing."""
    if ins.signoff is not None:
        so = ins.signoff
        text = Text(t("tui.review.signed", date=format_date(so.signed_on)) + "\n", style="bold green")
        for person in so.signers:
            text.append(f"   {person.name}, {person.position}\n")
        head = so.head
        ack = t("tui.review.head_refused") if head.refused else format_date(head.acknowledged_on)
        text.append(f"{t('tui.review.head')}: {head.name}, {head.position} — {ack}\n")
        if head.remarks:
            text.append(f"{t('tui.signoff.remarks')}: {head.remarks}\n")
        text.append(f"sha256: {ins.sha256}\n", style="bold")
        text.append(t("tui.review.read_only") + "\n", style="dim")
        return text
    problems = problem_lines(ins, issuer)
    if not problems:
        return Text(t("tui.review.ready") + "\n", style="bold green")
    text = Text(t("tui.review.blocked", count=len(problems)) + "\n", style="bold yellow")
    for line in problems[:8]:
        text.append(f"  • {line}\n", style="yellow")
    if len(problems) > 8:
        text.append("  " + t("tui.review.more", count=len(problems) - 8) + "\n", style="yellow")
    return text


def notice(finding: Finding) -> tuple[str, str]:
    """Whether the 24-hour notice on signs was recorded (or why none was sent), with the style to show it in."""
    if finding.notice_sent_on is None:
        if finding.notice_reason.strip():
            return t("tui.review.notice_reason", reason=finding.notice_reason.strip()), "yellow"
        return t("tui.review.notice_missing"), "bold yellow"
    number = finding.notice_number
    suffix = t("tui.review.notice_number", number=number) if number.strip() else ""
    return t("tui.review.notice_sent", date=format_date(finding.notice_sent_on)) + suffix, "green"
