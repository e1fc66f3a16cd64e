"""generate: greedy requests of a batch share left-padded forward passes (run to the longest max_new_tokens and
each cut at its own: greedy decoding does not depend on how long it runs); a sampled request runs on its own,
its n samples in rows of up to batch_size, after `set_seed(seed)`, so its samples depend on its seed (and the
batch size) only, never on the other requests of the batch."""

from .eval_model import EvalModel
from .scoring import chunks, left_padded


def _generated(evaluator: EvalModel, rows: list[list[int]], max_new_tokens: int, sampling: dict | None):
    import torch

    ids, mask, _ = left_padded(rows, evaluator.pad_id, evaluator.device)
    options = (
        {"do_sample": True, "temperature": sampling["temperature"], "top_p": sampling["top_p"], "top_k": 0}
        if sampling
        else {"do_sample": False, "temperature": None, "top_p": None, "top_k": None}
    )
    with torch.inference_mode():
        output = evaluator.model.generate(
            input_ids=ids, attention_mask=mask, max_new_tokens=max_new_tokens, pad_token_id=evaluator.pad_id, **options
        )
    return [row[ids.shape[1]:].tolist() for row in output]


def _answer(evaluator: EvalModel, tokens: list[int], stop: list[str]) -> tuple[str, int]:
    """The text up to the first end-of-sequence token, cut before the first stop string; and the number of
    tokens generated (before EOS; the stop-string cut does not change it)."""
    eos = evaluator.eos_ids
    count = next((i for i, token in enumerate(tokens) if token in eos), len(tokens))
    text = evaluator.tokenizer.decode(tokens[:count], skip_special_tokens=True)
    cuts = [text.find(s) for s in stop if s in text]
    return (text[:min(cuts)] if cuts else text), count


def generate(evaluator: EvalModel, items: list[tuple[list[int], dict]], batch_size: int):
    """For each (context ids, request fields): (responses, generated token counts)."""
    from transformers import set_seed

    answers: list[tuple[list[str], list[int]] | None] = [None] * len(items)
    greedy = [i for i, (_, fields) in enumerate(items) if not fields.get("temperature")]
    for chunk in chunks(greedy, batch_size):
        longest = max(items[i][1]["max_new_tokens"] for i in chunk)
        outputs = _generated(evaluator, [items[i][0] for i in chunk], longest, None)
        for i, tokens in zip(chunk, outputs):
            fields = items[i][1]
            text, count = _answer(evaluator, tokens[:fields["max_new_tokens"]], fields.get("stop", []))
            answers[i] = ([text], [count])
    for i, (context, fields) in enumerate(items):
        if i in greedy:
            continue
        set_seed(fields.get("seed", 0))
        sampling = {"temperature": float(fields["temperature"]), "top_p": float(fields.get("top_p", 1))}
        texts, counts = [], []
        for rows in chunks([context] * fields.get("n", 1), batch_size):
            for tokens in _generated(evaluator, rows, fields["max_new_tokens"], sampling):
                text, count = _answer(evaluator, tokens, fields.get("stop", []))
                texts.append(text)
                counts.append(count)
        answers[i] = (texts, counts)
    return answers
