"""Plain-text table of contents of a checklist, for ``inspect-tui checklists show``."""

from __future__ import annotations

from inspect_tui.domain.checklist import Checklist
from inspect_tui.domain.rules import describe
from inspect_tui.i18n import t


def format_checklist(checklist: Checklist, lang: str) -> str:
    """Sections and items with their legal references and applicability rules."""
    lines = [
        checklist.title.get(lang),
        f"{checklist.id} {checklist.version} · {t('cli.items', count=len(checklist.items))} · sha256 {checklist.sha256[:12]}",
        checklist.legal_basis.get(lang),
        "",
    ]
    number = 0
    for s_index, section in enumerate(checklist.sections, start=1):
        lines.append(f"{s_index}. {section.title.get(lang)}")
        for item in section.items:
            number += 1
            lines.append(f"   {number:>3}. [{item.id}] {item.question.get(lang)}")
            lines.append(f"        {item.refs_label(lang)}")
            if item.applies_if is not None:
                lines.append(f"        {t('cli.applies_if')}: {describe(item.applies_if, lang)}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
