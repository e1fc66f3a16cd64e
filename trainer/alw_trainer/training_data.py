"""Stage datasets from JSONL files, skipping (and reporting) unusable lines."""

from pathlib import Path

from . import event_stream
from .errors import BadConfig
from .jsonl_reader import read_jsonl
from .pair_format import encode_pair, pair_messages
from .record_checks import check_chat_record, check_preference_record, check_text_record


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


def text_dataset(files: list[Path], mix: list, seed: int):
    """Raw `text` records for continued pre-training; with `data.mix`, sampled from the sources by weight."""
    from datasets import Dataset

    from .data_mix import mix_counts, mix_records

    if not mix:
        texts = [r["text"] for r in _records(files, check_text_record)]
        return Dataset.from_dict({"text": texts})
    sources = [[r["text"] for r in _records([source.path], check_text_record)] for source in mix]
    weights = [source.weight for source in mix]
    texts = mix_records(sources, weights, seed)
    counts = mix_counts(weights, len(texts))
    shares = [
        f"{source.path.name}: {count} of {len(texts)} (from {len(records)} records)"
        for source, count, records in zip(mix, counts, sources, strict=True)
    ]
    event_stream.log("data.mix sampled " + "; ".join(shares))
    return Dataset.from_dict({"text": texts})


def dpo_dataset(files: list[Path]):
    """prompt/chosen/rejected as conversations (the user prompt, one assistant reply each), so TRL renders them
    with the chat template exactly as `pair_format` renders a scored pair."""
    from datasets import Dataset

    records = _records(files, check_preference_record)
    return Dataset.from_dict(
        {
            "prompt": [pair_messages(r["prompt"], r["chosen"])[:1] for r in records],
            "chosen": [pair_messages(r["prompt"], r["chosen"])[1:] for r in records],
            "rejected": [pair_messages(r["prompt"], r["rejected"])[1:] for r in records],
        }
    )
