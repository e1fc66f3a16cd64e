"""Line-by-line JSONL reading that skips bad lines instead of failing."""

import json
from collections.abc import Callable, Iterator
from pathlib import Path

# Returns None for a usable record, else the reason it is skipped.
RecordCheck = Callable[[object], "str | None"]
Warn = Callable[[str], None]


def read_jsonl(path: str | Path, check: RecordCheck, warn: Warn) -> Iterator[dict]:
    """Yields the records of `path` that parse and pass `check`; every other non-blank line is reported
    through `warn` as `path:line: reason` (lines counted from 1)."""
    with open(path, encoding="utf-8") as handle:
        for line_number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                warn(f"{path}:{line_number}: invalid JSON ({error.msg}), line skipped")
                continue
            reason = check(record)
            if reason is not None:
                warn(f"{path}:{line_number}: {reason}, line skipped")
                continue
            yield record
