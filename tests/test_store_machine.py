"""A hypothesis state machine over the store: create, answer, sign, correct, export, import, crash, reopen.

The model holds the last acknowledged version of every inspection. After every
step: each acknowledged write reads back exactly, signed inspections are
unchanged and verify, the index equals the files, and a reader (no lock, no
recovery) sees the same committed state.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

import hypothesis.strategies as st
from examples import examples
from factories import INSPECTOR, inspection
from hypothesis import HealthCheck, settings
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from store_helpers import LATER, Crash, assert_consistent, dying_replace

from inspect_tui import services
from inspect_tui.domain.inspection import Answer, HeadAcknowledgement, Inspection, InspectionLocked, SignOff, SignOffRefused, Status
from inspect_tui.store import Store, atomic
from inspect_tui.sync import export_bundle, import_bundles

ITEMS = ["a", "b", "c"]
REAL_FSYNC = os.fsync


class StoreMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        os.fsync = lambda fd: None  # durability is the kill tests' subject; this one checks logic, quickly
        self.root = Path(tempfile.mkdtemp(prefix="store-machine-"))
        self.data_dir = self.root / "data"
        self.store = Store.open(self.data_dir)
        self.model: dict[UUID, Inspection] = {}
        self.signed: dict[UUID, Inspection] = {}
        self.exports: list[Path] = []
        self.numbers = 0

    def teardown(self) -> None:
        self.store.close()
        shutil.rmtree(self.root, ignore_errors=True)
        os.fsync = REAL_FSYNC

    def _pick(self, data: st.DataObject, status: Status | None = None) -> Inspection | None:
        ids = sorted(i for i, insp in self.model.items() if status is None or insp.status is status)
        return self.model[data.draw(st.sampled_from(ids))] if ids else None

    # --- rules -----------------------------------------------------------------------------------

    @rule()
    def create(self) -> None:
        self.numbers += 1
        new = inspection(number=f"{self.numbers}/2026")
        self.store.save_inspection(new)
        self.model[new.id] = new

    @precondition(lambda self: self.model)
    @rule(data=st.data(), item=st.sampled_from(ITEMS), answer=st.sampled_from([Answer.COMPLIES, Answer.NO]), note=st.text(max_size=20))
    def answer(self, data: st.DataObject, item: str, answer: Answer, note: str) -> None:
        current = self._pick(data)
        assert current is not None
        try:
            updated = services.record_finding(self.store, current, item, answer=answer, note=note)
        except InspectionLocked:
            assert current.status is Status.SIGNED
            return
        self.model[updated.id] = updated

    @precondition(lambda self: any(i.status is not Status.SIGNED for i in self.model.values()))
    @rule(data=st.data())
    def sign(self, data: st.DataObject) -> None:
        current = self._pick(data, Status.DRAFT)
        if current is None:
            return
        for item, finding in current.findings.items():
            if finding.answer is Answer.UNANSWERED:
                current = self.model[current.id] = services.record_finding(self.store, current, item, answer=Answer.COMPLIES)
        head = HeadAcknowledgement(name="Віктор ШЕВЧЕНКО", position="Директор", acknowledged_on=date(2026, 3, 22))
        signoff = SignOff(signed_on=date(2026, 3, 22), signers=[INSPECTOR], head=head, recorded_at=LATER)
        try:
            done = services.sign_off(self.store, current, signoff)
        except SignOffRefused:
            return  # a violation without its recommendation: nothing was written
        self.model[done.id] = self.signed[done.id] = done

    @precondition(lambda self: self.signed)
    @rule(data=st.data())
    def correct(self, data: st.DataObject) -> None:
        original = self._pick(data, Status.SIGNED)
        assert original is not None
        revision = services.correct(self.store, original)
        self.model[revision.id] = revision

    @rule()
    def export(self) -> None:
        out = self.root / "out" / f"{len(self.exports)}.json"
        export_bundle(self.store, out)
        exported = {UUID(i["id"]): i for i in json.loads(out.read_text("utf-8"))["inspections"]}
        assert set(exported) == set(self.model)
        assert all(exported[i]["sha256"] == s.sha256 for i, s in self.signed.items())
        self.exports.append(out)

    @precondition(lambda self: self.exports)
    @rule(data=st.data())
    def import_own_export(self, data: st.DataObject) -> None:
        """An earlier state of this store: every copy in it is the same or older, so nothing changes."""
        import_bundles(self.store, [data.draw(st.sampled_from(self.exports))])

    @rule()
    def import_from_another_laptop(self) -> None:
        other = self.root / f"other-{self.numbers}"
        self.numbers += 1
        with Store.open(other) as laptop:
            new = inspection(number=f"{self.numbers}/2026")
            laptop.save_inspection(new)
            bundle = self.root / f"{other.name}.json"  # beside its data dir: an output never goes into one
            export_bundle(laptop, bundle)
        import_bundles(self.store, [bundle])
        self.model[new.id] = new

    @precondition(lambda self: any(i.status is not Status.SIGNED for i in self.model.values()))
    @rule(data=st.data(), past_commit=st.booleans(), replaced=st.integers(0, 3))
    def crash(self, data: st.DataObject, past_commit: bool, replaced: int) -> None:
        """A two-file change dies: before its journal (nothing happened) or after ``replaced`` files (it happened)."""
        current = self._pick(data, Status.DRAFT)
        if current is None:
            return
        dying = dying_replace(replaced)

        def no_journal(txn: atomic.Transaction) -> None:
            raise Crash

        self.numbers += 1
        extra = inspection(number=f"{self.numbers}/2026")
        patched = ("replace", dying) if past_commit else ("write_journal", no_journal)
        target: Any = atomic if past_commit else atomic.Transaction
        saved = getattr(target, patched[0])
        setattr(target, patched[0], patched[1])
        updated: Inspection | None = None
        try:
            with self.store.transaction():  # may die at its start, finishing the journal of an earlier crash
                updated = services.record_finding(self.store, current, "a", note=f"crash {self.numbers}")
                self.store.save_inspection(extra)
        except Crash:
            pass
        finally:
            setattr(target, patched[0], saved)
        if updated is not None and past_commit and (self.data_dir / atomic.JOURNAL_NAME).exists():
            self.model[updated.id] = updated  # committed: it must appear, to readers now and after recovery
            self.model[extra.id] = extra

    @rule()
    def reopen(self) -> None:
        self.store.close()
        self.store = Store.open(self.data_dir)
        assert not (self.data_dir / atomic.JOURNAL_NAME).exists() and not list(self.data_dir.rglob("*.tmp"))

    # --- invariants ------------------------------------------------------------------------------

    @invariant()
    def a_reader_sees_every_acknowledged_write(self) -> None:
        with Store.open(self.data_dir, writer=False) as reader:
            self._check(reader)

    @invariant()
    def the_writer_sees_every_acknowledged_write(self) -> None:
        self._check(self.store)

    def _check(self, store: Store) -> None:
        stored = {i.id: i for i in assert_consistent(store)}
        assert stored == self.model
        for inspection_id, original in self.signed.items():
            assert stored[inspection_id] == original and original.integrity_problems() == []


StoreMachine.TestCase.settings = settings(
    max_examples=examples(15), stateful_step_count=12, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TestStoreMachine = StoreMachine.TestCase
