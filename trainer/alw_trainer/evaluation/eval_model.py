"""The model being evaluated: a model folder, or a LoRA adapter folder loaded as its base plus the adapter
(merged, for speed); bf16 on a CUDA GPU that supports it, else float32; in eval mode."""

from dataclasses import dataclass
from pathlib import Path

from ..lora_setup import adapter_base
from .model_fingerprint import model_fingerprint

# The context budget when the model's config names no max_position_embeddings.
FALLBACK_MAX_LENGTH = 2048


@dataclass
class EvalModel:
    model: object
    tokenizer: object
    device: str
    fingerprint: str
    max_positions: int

    @property
    def pad_id(self) -> int:
        return self.tokenizer.pad_token_id

    @property
    def eos_ids(self) -> set[int]:
        eos = self.model.generation_config.eos_token_id
        eos = eos if isinstance(eos, list) else [eos] if eos is not None else []
        return set(eos) | ({self.tokenizer.eos_token_id} if self.tokenizer.eos_token_id is not None else set())


def _local_folder(model_path: Path | str) -> Path:
    if isinstance(model_path, Path):
        return model_path
    from huggingface_hub import snapshot_download  # `model.hub_id` with network on

    return Path(snapshot_download(model_path))


def load_eval_model(model_path: Path | str) -> EvalModel:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    folder = _local_folder(model_path)
    is_adapter = (folder / "adapter_config.json").is_file() and not (folder / "config.json").is_file()
    device = "cuda" if torch.cuda.is_available() else "cpu"
    dtype = torch.bfloat16 if device == "cuda" and torch.cuda.is_bf16_supported() else torch.float32
    if is_adapter:
        from ..lora_setup import merged_model

        base = adapter_base(folder)
        model = merged_model(folder, base)[0].to(dtype)
        # The adapter folder holds a tokenizer when the run saved one there; otherwise the base's.
        tokenizer_dir = folder if (folder / "tokenizer_config.json").is_file() else base
        fingerprint = model_fingerprint(folder, base)
    else:
        model = AutoModelForCausalLM.from_pretrained(folder, dtype=dtype)
        tokenizer_dir = folder
        fingerprint = model_fingerprint(folder)
    tokenizer = AutoTokenizer.from_pretrained(tokenizer_dir)
    if tokenizer.pad_token_id is None:
        tokenizer.pad_token = tokenizer.eos_token
    model.to(device).eval()
    max_positions = getattr(model.config, "max_position_embeddings", None) or FALLBACK_MAX_LENGTH
    return EvalModel(model, tokenizer, device, fingerprint, int(max_positions))
