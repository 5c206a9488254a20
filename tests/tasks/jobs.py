"""Job functions the real-worker tests queue (importable by the worker: it runs from the
project root). Each leaves its trace in files, which both processes can read."""

import os
import time
from pathlib import Path


def flaky(trace_dir, failures):
    """Raise on the first `failures` runs, then succeed; every run appends its time."""
    attempts = Path(trace_dir) / "attempts"
    with attempts.open("a") as log:
        log.write(f"{time.time()}\n")
    runs = len(attempts.read_text().splitlines())
    if runs <= failures:
        raise RuntimeError(f"planned failure {runs} of {failures}")
    (Path(trace_dir) / "done").write_text(str(runs))
    return f"succeeded on run {runs}"


def slow(trace_dir, seconds):
    """Mark the start (with the worker's pid), work for `seconds`, mark the end."""
    with (Path(trace_dir) / "started").open("a") as log:
        log.write(f"{os.getpid()}\n")
    time.sleep(seconds)
    (Path(trace_dir) / "done").write_text("done")
    return "done"
