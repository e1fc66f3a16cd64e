"""`model_fingerprint`: which model answered, cheaply — sha256 over the names, sizes and mtimes (not the bytes) of
the model folder's config, tokenizer and weight files; for a LoRA adapter folder, the adapter's and its base's."""

import hashlib
import re
from pathlib import Path

# config.json, adapter_config.json, generation_config.json; tokenizer.json / tokenizer_config.json /
# tokenizer.model, special_tokens_map.json, vocab.*, merges.txt, chat_template.*; weights and their index.
FINGERPRINTED = re.compile(
    r"(.*config\.json|tokenizer.*|special_tokens_map\.json|vocab\..*|merges\.txt|chat_template\..*"
    r"|.*\.safetensors|.*\.safetensors\.index\.json|.*\.bin|.*\.bin\.index\.json|.*\.pt|.*\.gguf)"
)


def _entries(folder: Path, prefix: str) -> list[str]:
    lines = []
    for file in sorted(folder.iterdir()):
        if file.is_file() and FINGERPRINTED.fullmatch(file.name):
            stat = file.stat()
            lines.append(f"{prefix}{file.name}\t{stat.st_size}\t{stat.st_mtime_ns}\n")
    return lines


def model_fingerprint(model_dir: Path, base_dir: Path | None = None) -> str:
    """`base_dir`: the base model of a LoRA adapter at `model_dir` (None for a plain model)."""
    lines = _entries(model_dir, "")
    if base_dir is not None:
        lines += _entries(base_dir, "base/")
    return hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()
