"""`results.jsonl`: append-only, one result per line, flushed after each batch. On resume the results already
there say which requests are answered; a last line cut short by a crash is removed (with a warning) before
anything is appended after it."""

import json
import os
from pathlib import Path

from .. import event_stream


def _drop_partial_last_line(path: Path) -> None:
    with open(path, "rb+") as handle:
        data = handle.read()
        if not data or data.endswith(b"\n"):
            return
        keep = data.rfind(b"\n") + 1
        handle.truncate(keep)
    event_stream.warn(f"{path}: the last line was cut short (an interrupted write) and is removed")


def answered_keys(path: Path) -> set[tuple[str, str, str]]:
    """(id, request_hash, model_fingerprint) of every result in the file."""
    if not path.is_file():
        return set()
    _drop_partial_last_line(path)
    keys = set()
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                result = json.loads(line)
                keys.add((result["id"], result["request_hash"], result["model_fingerprint"]))
            except (json.JSONDecodeError, KeyError, TypeError):
                if line.strip():
                    event_stream.warn(f"{path}:{number}: not a result line, ignored for resume")
    return keys


class ResultsWriter:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.handle = open(path, "a", encoding="utf-8")

    def append(self, results: list[dict]) -> None:
        self.handle.write("".join(json.dumps(r, ensure_ascii=False, allow_nan=False) + "\n" for r in results))
        self.handle.flush()
        os.fsync(self.handle.fileno())

    def close(self) -> None:
        self.handle.close()
