"""``inspect-tui inspections copies [ID]`` and ``inspections resolve ID --keep current|copy [--copy N]``:
the conflict copies imports kept aside, and a person's choice between a copy and the current inspection."""

from __future__ import annotations

import argparse
import json
from typing import Any

from inspect_tui import services
from inspect_tui.commands.certificate import find_inspection
from inspect_tui.commands.context import Context, UserError
from inspect_tui.domain.conflict import Keep, header_differences, item_differences
from inspect_tui.i18n import t


def register(actions: argparse._SubParsersAction) -> None:
    copies = actions.add_parser("copies", help=t("conflict.cli.copies_help"))
    copies.add_argument("id", nargs="?", help=t("conflict.cli.id_help"))
    copies.add_argument("--json", action="store_true", help=t("cli.json_help"))
    copies.set_defaults(handler=list_copies)
    resolve = actions.add_parser("resolve", help=t("conflict.cli.resolve_help"))
    resolve.add_argument("id", help=t("certificate.id_help"))
    resolve.add_argument("--keep", required=True, choices=[k.value for k in Keep], help=t("conflict.cli.keep_help"))
    resolve.add_argument("--copy", type=int, default=None, metavar="N", help=t("conflict.cli.copy_help"))
    resolve.set_defaults(handler=resolve_copy)


def list_copies(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.open_store(writer=False) as store:
        wanted = find_inspection(store, args.id, ctx.data_dir).id if args.id else None
        copies = services.open_conflicts(store, wanted)
        currents = {c.inspection.id: store.get_inspection(c.inspection.id) for c in copies}
    numbers: dict[object, int] = {}
    rows: list[dict[str, Any]] = []
    for copy in copies:
        n = numbers[copy.inspection.id] = numbers.get(copy.inspection.id, 0) + 1
        current = currents[copy.inspection.id]
        rows.append(
            {
                "id": str(copy.inspection.id), "copy": n, "number": current.number, "enterprise": current.enterprise.short_name,
                "kept_at": copy.kept_at.isoformat(), "reason": copy.reason.value, "source": copy.source,
                "items": [d.item_id for d in item_differences(current, copy.inspection)],
                "header": header_differences(current, copy.inspection),
            }
        )
    if args.json:
        ctx.print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        ctx.print(t("conflict.cli.none"))
        return 0
    for row in rows:
        ctx.print(
            t("conflict.cli.row", id=row["id"], copy=row["copy"], number=row["number"], enterprise=row["enterprise"],
              source=row["source"], reason=t(f"sync.reason.{row['reason']}"), items=len(row["items"]), header=len(row["header"]))
        )
    ctx.print(t("conflict.cli.count", count=len(rows)))
    return 0


def resolve_copy(ctx: Context, args: argparse.Namespace) -> int:
    keep = Keep(args.keep)
    with ctx.open_store() as store:
        inspection = find_inspection(store, args.id, ctx.data_dir)
        waiting = len(services.open_conflicts(store, inspection.id))
        if args.copy is None and waiting > 1:
            raise UserError(t("conflict.cli.which_copy", number=inspection.number, count=waiting))
        try:
            resolved = services.resolve_conflict(store, inspection.id, args.copy or 1, keep)
        except services.ConflictRefused as exc:
            raise UserError(t(f"conflict.refused.{exc.code}", **exc.params)) from None
    ctx.print(resolved.text)
    return 0
