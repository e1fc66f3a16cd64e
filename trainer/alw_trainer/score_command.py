"""`score`: PyTorch reward scores, the reference the ONNX/Node scores must match."""

from pathlib import Path

from .errors import MissingFile

DEFAULT_MAX_LENGTH = 512


def load_scoring_model(model_dir: str):
    if not (Path(model_dir) / "config.json").is_file():
        raise MissingFile(f"no model at {model_dir} (config.json missing)")
    from transformers import AutoTokenizer

    from .reward_stage import load_reward_model

    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    model = load_reward_model(model_dir, tokenizer)
    model.eval()
    return model, tokenizer


def reward_scores(model, tokenizer, prompt: str, responses: list[str], max_length: int) -> list[float]:
    import torch

    from .pair_format import encode_pair

    scores = []
    with torch.no_grad():
        for response in responses:
            ids = torch.tensor([encode_pair(tokenizer, prompt, response, max_length)])
            logits = model(input_ids=ids, attention_mask=torch.ones_like(ids), use_cache=False).logits
            scores.append(float(logits[0, 0]))
    return scores


def score(model_dir: str, prompt: str, responses: list[str], max_length: int | None) -> dict:
    model, tokenizer = load_scoring_model(model_dir)
    return {"scores": reward_scores(model, tokenizer, prompt, responses, max_length or DEFAULT_MAX_LENGTH)}
