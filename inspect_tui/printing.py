"""Hand a PDF to the system: the printer where ``lp`` exists, Windows' print verb, else a viewer."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from enum import Enum
from pathlib import Path


class Outcome(Enum):
    PRINTED = "printed"  # queued on the default printer
    OPENED = "opened"  # opened in the system viewer, to print from there
    NOTHING = "nothing"  # neither a printer command nor a viewer exists


class PrintFailed(Exception):
    """The printer command ran and refused; ``detail`` is what it said."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def print_pdf(path: Path) -> Outcome:
    lp = shutil.which("lp")
    if lp is not None:
        done = subprocess.run([lp, "--", str(path)], capture_output=True, text=True, timeout=60, check=False)
        if done.returncode != 0:
            raise PrintFailed((done.stderr or done.stdout).strip() or f"lp exit {done.returncode}")
        return Outcome.PRINTED
    if sys.platform == "win32":
        os.startfile(path, "print")  # type: ignore[attr-defined]  # the default PDF handler's print action
        return Outcome.PRINTED
    viewer = shutil.which("xdg-open") or shutil.which("open")
    if viewer is None:
        return Outcome.NOTHING
    subprocess.Popen([viewer, str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    return Outcome.OPENED
