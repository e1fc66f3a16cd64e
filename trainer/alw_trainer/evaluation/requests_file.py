"""Reads and checks `requests.jsonl` before any model is loaded: a bad line fails the run at FILE:LINE:COLUMN.
Keys the contract does not name are kept (they count in the request hash) and otherwise ignored."""

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from ..errors import BadConfig

TYPES = ("generate", "loglikelihood", "choice_probs")


@dataclass
class Request:
    id: str
    type: str
    # The whole request object as read (the answering code reads its fields from here).
    fields: dict
    request_hash: str
    line: int


def request_hash(request: dict) -> str:
    """sha256 of the request as canonical JSON: sorted keys, no spaces, ensure_ascii=False."""
    canonical = json.dumps(request, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _strings(value: object, non_empty_items: bool = False) -> bool:
    return (
        isinstance(value, list)
        and all(isinstance(item, str) and (item or not non_empty_items) for item in value)
    )


def _context_problem(request: dict) -> str | None:
    has_prompt, has_messages = "prompt" in request, "messages" in request
    if has_prompt == has_messages:
        return "needs exactly one of `prompt` (a string) or `messages` (a list of {role, content})"
    if has_prompt and not isinstance(request["prompt"], str):
        return "`prompt` must be a string"
    if has_messages:
        messages = request["messages"]
        if not isinstance(messages, list) or not messages or not all(
            isinstance(m, dict) and isinstance(m.get("role"), str) and isinstance(m.get("content"), str)
            for m in messages
        ):
            return "`messages` must be a non-empty list of {role: string, content: string}"
    if "shots" in request:
        if has_messages:
            return "`shots` goes with `prompt` only (not with `messages`)"
        if not _strings(request["shots"]):
            return "`shots` must be a list of strings"
    return None


def _generate_problem(request: dict) -> str | None:
    if not _is_int(request.get("max_new_tokens")) or request["max_new_tokens"] <= 0:
        return "generate needs `max_new_tokens`, a positive whole number"
    temperature = request.get("temperature", 0)
    if temperature is not None and (not _is_number(temperature) or temperature < 0):
        return "`temperature` must be a number ≥ 0 (0: greedy)"
    top_p = request.get("top_p", 1)
    if not _is_number(top_p) or not 0 < top_p <= 1:
        return "`top_p` must be a number in (0, 1]"
    if not _is_int(request.get("n", 1)) or request.get("n", 1) <= 0:
        return "`n` must be a positive whole number"
    if not _is_int(request.get("seed", 0)):
        return "`seed` must be a whole number"
    if "stop" in request and not _strings(request["stop"], non_empty_items=True):
        return "`stop` must be a list of non-empty strings"
    return None


def _type_problem(request: dict) -> str | None:
    kind = request["type"]
    if kind == "generate":
        return _generate_problem(request)
    if kind == "loglikelihood":
        if not _strings(request.get("continuations")) or not request["continuations"]:
            return "loglikelihood needs `continuations`, a non-empty list of strings"
        return None
    labels = request.get("labels")
    if not _strings(labels, non_empty_items=True) or not labels:
        return "choice_probs needs `labels`, a non-empty list of non-empty strings"
    if len(set(labels)) != len(labels):
        return "`labels` must be distinct"
    return None


def _problem(request: object, seen: set[str]) -> str | None:
    if not isinstance(request, dict):
        return "a request must be a JSON object"
    if not isinstance(request.get("id"), str) or not request["id"]:
        return "`id` must be a non-empty string"
    if request["id"] in seen:
        return f"id {request['id']!r} is used twice"
    if request.get("type") not in TYPES:
        return f"`type` must be one of {', '.join(TYPES)} (got {request.get('type')!r})"
    return _context_problem(request) or _type_problem(request)


def read_requests(path: str | Path) -> list[Request]:
    requests: list[Request] = []
    seen: set[str] = set()
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                request = json.loads(line)
            except json.JSONDecodeError as error:
                raise BadConfig(f"{path}:{number}:{error.colno}: invalid JSON ({error.msg})") from None
            problem = _problem(request, seen)
            if problem:
                column = len(line) - len(line.lstrip()) + 1
                raise BadConfig(f"{path}:{number}:{column}: {problem}")
            seen.add(request["id"])
            requests.append(Request(request["id"], request["type"], request, request_hash(request), number))
    return requests
