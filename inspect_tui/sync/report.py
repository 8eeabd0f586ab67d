"""What an import did (or, in a dry run, would do), and its summary in the user's language."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import UUID

from inspect_tui.domain.numbering import NumberConflict, NumberHolder
from inspect_tui.escaping import one_line
from inspect_tui.i18n import t
from inspect_tui.register.plan import period_label
from inspect_tui.sync.council import PlanChange, PlanReason, SettingChange
from inspect_tui.sync.merge import Reason, RemedyReason


@dataclass(frozen=True)
class Outcome:
    """One incoming inspection and what became of it.

    For a conflict, ``incoming_current`` says whether the incoming copy became
    current, and ``kept_aside`` is the conflict copy's file (relative to the data dir).
    """

    id: UUID
    number: str
    enterprise: str
    file: Path
    reason: Reason
    incoming_current: bool = False
    kept_aside: str = ""

    def line(self) -> str:
        text = t(f"sync.reason.{self.reason.value}")
        if self.kept_aside:
            which = t("sync.incoming_current" if self.incoming_current else "sync.existing_current")
            text = f"{text}; {which}; {t('sync.kept_aside', path=self.kept_aside)}"
        return f"  № {one_line(self.number)}  {one_line(self.enterprise)}  ({self.id}, {one_line(self.file.name)}): {text}"


@dataclass(frozen=True)
class EnterpriseDifference:
    """A field where a bundle's registry entry differs from the one kept (the store's), or, ``filled``,
    a fact the store did not know that the bundle's entry filled in."""

    edrpou: str
    name: str
    field: str
    kept: Any
    incoming: Any
    file: Path
    filled: bool = False

    def line(self) -> str:
        key = "sync.registry.fact_filled" if self.filled else "sync.enterprise_difference"
        return t(
            key, edrpou=one_line(self.edrpou), name=one_line(self.name), field=self.field,
            kept=_fact_text(self.kept), incoming=_fact_text(self.incoming), file=one_line(self.file.name),
        )


def _fact_text(value: Any) -> str:
    """A registry fact as a line shows it: an unknown one as the user's word for it, never «None»."""
    return t("sync.registry.unknown") if value is None else one_line(str(value))


@dataclass(frozen=True)
class RemedyOutcome:
    """One incoming remedy record and what became of it."""

    inspection_id: UUID
    item_id: str
    file: Path
    reason: RemedyReason

    @property
    def changed(self) -> bool:
        return self.reason not in (RemedyReason.SAME, RemedyReason.OLDER)

    def line(self) -> str:
        return f"  {self.inspection_id} / {self.item_id} ({one_line(self.file.name)}): {t(f'sync.remedy_reason.{self.reason.value}')}"


@dataclass(frozen=True)
class PlanOutcome:
    """An incoming plan entry that was added or met a conflict (the office's entry stands)."""

    change: PlanChange
    file: Path

    def line(self) -> str:
        entry = self.change.incoming
        where = t(
            "sync.council.plan_entry", year=entry.year, enterprise=one_line(entry.enterprise), edrpou=one_line(entry.edrpou),
            period=period_label(entry), file=one_line(self.file.name),
        )
        return f"  {where}: {t(f'sync.council.plan_reason.{self.change.reason.value}')}"


@dataclass(frozen=True)
class SettingOutcome:
    """A council setting a bundle gave: filled into a blank one, or differing from the office's (which stands)."""

    change: SettingChange
    file: Path

    def line(self) -> str:
        c = self.change
        label, file = t(f"tui.settings.{c.name}"), one_line(self.file.name)
        if c.filled:
            return "  " + t("sync.council.setting_filled", field=label, incoming=_setting_text(c.name, c.incoming), file=file)
        kept, incoming = _setting_text(c.name, c.kept), _setting_text(c.name, c.incoming)
        return "  " + t("sync.council.setting_difference", field=label, kept=kept, incoming=incoming, file=file)


def _setting_text(name: str, value: Any) -> str:
    """A setting's value as the settings screen shows it."""
    return t(f"tui.settings.dash_{value}") if name == "report_date_dash" else one_line(str(value))


@dataclass
class ImportReport:
    files: list[Path]
    dry_run: bool
    added: list[Outcome] = field(default_factory=list)
    updated: list[Outcome] = field(default_factory=list)
    skipped: list[Outcome] = field(default_factory=list)
    conflicts: list[Outcome] = field(default_factory=list)
    enterprises_added: list[str] = field(default_factory=list)
    enterprise_differences: list[EnterpriseDifference] = field(default_factory=list)
    enterprises_filled: list[EnterpriseDifference] = field(default_factory=list)  # unknown facts a bundle knew
    evidence_added: int = 0
    evidence_missing: list[str] = field(default_factory=list)
    remedies: list[RemedyOutcome] = field(default_factory=list)
    plan: list[PlanOutcome] = field(default_factory=list)
    settings: list[SettingOutcome] = field(default_factory=list)

    @property
    def plan_added(self) -> list[PlanOutcome]:
        return [p for p in self.plan if p.change.reason is PlanReason.ADDED]

    @property
    def plan_conflicts(self) -> list[PlanOutcome]:
        return [p for p in self.plan if p.change.reason is not PlanReason.ADDED]

    @property
    def settings_filled(self) -> list[SettingOutcome]:
        return [s for s in self.settings if s.change.filled]

    @property
    def settings_conflicts(self) -> list[SettingOutcome]:
        return [s for s in self.settings if not s.change.filled]

    @property
    def remedy_conflicts(self) -> list[RemedyOutcome]:
        return [r for r in self.remedies if r.reason is RemedyReason.DIVERGED]
    number_conflicts: list[NumberConflict] = field(default_factory=list)
    number_proposals: dict[UUID, str] = field(default_factory=dict)

    def record(self, outcome: Outcome) -> None:
        if outcome.kept_aside:
            self.conflicts.append(outcome)
        elif outcome.reason is Reason.NEW:
            self.added.append(outcome)
        elif outcome.reason in (Reason.NEWER, Reason.SIGNED_OVER_DRAFT, Reason.OBJECTIONS_ADDED):
            self.updated.append(outcome)
        else:
            self.skipped.append(outcome)

    def summary_table(self) -> str:
        """The counts, one row each, with a title saying whether anything was written."""
        rows = [
            (t("sync.added"), len(self.added)),
            (t("sync.updated"), len(self.updated)),
            (t("sync.skipped"), len(self.skipped)),
            (t("sync.conflicts"), len(self.conflicts)),
            (t("sync.enterprises_added"), len(self.enterprises_added)),
            (t("sync.enterprise_differences"), len(self.enterprise_differences)),
            (t("sync.registry.facts_filled"), len(self.enterprises_filled)),
            (t("sync.evidence_added"), self.evidence_added),
            (t("sync.remedies_changed"), sum(1 for r in self.remedies if r.changed and r.reason is not RemedyReason.DIVERGED)),
            (t("sync.remedy_conflicts"), len(self.remedy_conflicts)),
            (t("numbering.summary_row"), len(self.number_conflicts)),
            (t("sync.council.plan_added"), len(self.plan_added)),
            (t("sync.council.plan_conflicts"), len(self.plan_conflicts)),
            (t("sync.council.settings_filled"), len(self.settings_filled)),
            (t("sync.council.settings_conflicts"), len(self.settings_conflicts)),
        ]
        width = max(len(label) for label, _ in rows)
        title = t("sync.dry_run_title" if self.dry_run else "sync.import_title", files=len(self.files))
        return "\n".join([title, *(f"  {label:<{width}}  {count:>6}" for label, count in rows)])

    def details(self) -> list[str]:
        """Lines naming every changed or conflicting inspection and every registry difference."""
        lines: list[str] = []
        for heading, outcomes in ((t("sync.added"), self.added), (t("sync.updated"), self.updated), (t("sync.conflicts"), self.conflicts)):
            if outcomes:
                lines.append(f"{heading}:")
                lines.extend(o.line() for o in outcomes)
        if self.enterprises_added:
            lines.append(f"{t('sync.enterprises_added')}: {one_line(', '.join(self.enterprises_added))}")
        for heading, facts in (
            (t("sync.enterprise_differences"), self.enterprise_differences), (t("sync.registry.facts_filled"), self.enterprises_filled),
        ):
            if facts:
                lines.append(f"{heading}:")
                lines.extend(d.line() for d in facts)
        changed = [r for r in self.remedies if r.changed]
        if changed:
            lines.append(f"{t('sync.remedies_changed')}:")
            lines.extend(r.line() for r in changed)
        for heading, found in (
            (t("sync.council.plan_added"), self.plan_added), (t("sync.council.plan_conflicts"), self.plan_conflicts),
            (t("sync.council.settings_filled"), self.settings_filled), (t("sync.council.settings_conflicts"), self.settings_conflicts),
        ):
            if found:
                lines.append(f"{heading}:")
                lines.extend(o.line() for o in found)
        if self.evidence_missing:
            lines.append(t("sync.evidence_missing", count=len(self.evidence_missing)))
        if self.number_conflicts:
            lines.append(f"{t('numbering.conflicts')}:")
            lines.extend(line for c in self.number_conflicts for line in conflict_lines(c, self.number_proposals))
        return lines


def conflict_lines(conflict: NumberConflict, proposals: dict[UUID, str]) -> list[str]:
    """A number held twice: each holder (enterprise, status, signed or not), then what to do."""
    lines = [f"  {t('numbering.conflict', number=conflict.number, count=len(conflict.chains))}"]
    lines.extend(f"    • {holder_line(h)}" for chain in conflict.chains for h in chain)
    if not conflict.resolvable:
        lines.append(f"    → {t('numbering.all_signed', count=len(conflict.fixed))}")
    for holder in conflict.to_renumber():
        lines.append(f"    → {t('numbering.renumber', number=holder.number, id=str(holder.id), free=proposals.get(holder.id, '?'))}")
    return lines


def holder_line(holder: NumberHolder) -> str:
    """«МКП «Водоканал» (32145675), почата 21.03.2026, підписана 24.03.2026 — <id>»."""
    if holder.signed_on is not None:
        state = t("numbering.signed_on", day=holder.signed_on)
    else:
        state = t("numbering.unsigned", status=t(f"status.{holder.status.value}"))
    revision = t("numbering.revision", revision=holder.revision) if holder.revision > 1 else ""
    return t(
        "numbering.holder", enterprise=one_line(holder.enterprise), edrpou=one_line(holder.edrpou), started=t("numbering.day", day=holder.started),
        state=state + revision, id=str(holder.id),
    )
