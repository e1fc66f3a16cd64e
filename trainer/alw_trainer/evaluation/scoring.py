"""loglikelihood and choice_probs: one forward pass per chunk of `batch_size` rows, left-padded so that the
positions scored sit at the end of every row (only those positions' logits are computed: `logits_to_keep`).
Log-probabilities are taken in float32 whatever the model's dtype."""

from .eval_model import EvalModel


def left_padded(rows: list[list[int]], pad_id: int, device: str):
    import torch

    width = max(len(row) for row in rows)
    ids = torch.full((len(rows), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for index, row in enumerate(rows):
        ids[index, width - len(row):] = torch.tensor(row, dtype=torch.long)
        mask[index, width - len(row):] = 1
    # Positions count real tokens only, so a padded row sees the same positions as the row alone.
    positions = (mask.cumsum(-1) - 1).clamp(min=0)
    return ids.to(device), mask.to(device), positions.to(device)


def _last_logprobs(evaluator: EvalModel, rows: list[list[int]], keep: int):
    """log-softmax over the vocabulary at the last `keep` positions of each row: [rows, keep, vocab]."""
    import torch

    ids, mask, positions = left_padded(rows, evaluator.pad_id, evaluator.device)
    with torch.inference_mode():
        logits = evaluator.model(
            input_ids=ids, attention_mask=mask, position_ids=positions, logits_to_keep=keep, use_cache=False
        ).logits
    return torch.log_softmax(logits[:, -keep:, :].float(), dim=-1)


def chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def loglikelihoods(evaluator: EvalModel, pairs: list[tuple[list[int], list[int]]], batch_size: int):
    """For each (context ids, continuation ids): (sum of the continuation tokens' logprobs, whether every one of
    them is the argmax)."""
    import torch

    answers: list[tuple[float, bool]] = []
    for chunk in chunks(pairs, batch_size):
        scored = [(context, continuation) for context, continuation in chunk if continuation]
        keep = max((len(continuation) for _, continuation in scored), default=0)
        logprobs = _last_logprobs(evaluator, [(c + k)[:-1] for c, k in scored], keep) if scored else None
        row = 0
        for _, continuation in chunk:
            if not continuation:
                answers.append((0.0, True))
                continue
            span = logprobs[row, keep - len(continuation):, :]
            targets = torch.tensor(continuation, device=span.device)
            total = span.gather(-1, targets[:, None]).sum().item()
            greedy = bool((span.argmax(-1) == targets).all().item())
            answers.append((float(total), greedy))
            row += 1
    return answers


class SharedFirstToken(ValueError):
    pass


def choice_probs(evaluator: EvalModel, items: list[tuple[list[int], list[str], list[list[int]]]], batch_size: int):
    """For each (context ids, labels, label ids): {label: probability of its first token}, the softmax over the
    whole vocabulary renormalised over the labels (sums to 1). Labels sharing a first token raise
    SharedFirstToken (returned in place of that item's answer)."""
    import torch

    answers: list[dict | SharedFirstToken] = []
    for chunk in chunks(items, batch_size):
        logprobs = _last_logprobs(evaluator, [context for context, _, _ in chunk], 1)[:, -1, :]
        for row, (_, labels, label_ids) in enumerate(chunk):
            firsts = [ids[0] for ids in label_ids]
            if len(set(firsts)) != len(firsts):
                same = [label for label, first in zip(labels, firsts) if firsts.count(first) > 1]
                answers.append(SharedFirstToken(f"labels {same} start with the same token: their probabilities cannot be told apart"))
                continue
            picked = torch.softmax(logprobs[row, firsts], dim=-1)
            answers.append({label: float(p) for label, p in zip(labels, picked.tolist())})
    return answers
