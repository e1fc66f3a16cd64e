"""Stage datasets from JSONL files, skipping (and reporting) unusable lines."""

from pathlib import Path

from . import event_stream
from .errors import BadConfig
from .jsonl_reader import read_jsonl
from .pair_format import encode_pair
from .record_checks import check_chat_record, check_preference_record


def _records(files: list[Path], check) -> list[dict]:
    records = [record for path in files for record in read_jsonl(path, check, event_stream.warn)]
    if not records:
        raise BadConfig(f"no usable records in {', '.join(str(p) for p in files)}")
    return records


def chat_dataset(files: list[Path]):
    from datasets import Dataset

    records = _records(files, check_chat_record)
    # Only role/content reach TRL: extra keys would make the Arrow schema differ between records.
    messages = [[{"role": m["role"], "content": m["content"]} for m in r["messages"]] for r in records]
    return Dataset.from_dict({"messages": messages})


def preference_dataset(files: list[Path], tokenizer, max_length: int):
    """Tokenized with `encode_pair`, the same function `score` and the ONNX export use, so a pair is scored
    exactly as it was trained. Over-long pairs are truncated (TRL would drop them)."""
    from datasets import Dataset

    records = _records(files, check_preference_record)
    return Dataset.from_dict(
        {
            "chosen_ids": [encode_pair(tokenizer, r["prompt"], r["chosen"], max_length) for r in records],
            "rejected_ids": [encode_pair(tokenizer, r["prompt"], r["rejected"], max_length) for r in records],
        }
    )
