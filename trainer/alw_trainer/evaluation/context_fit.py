"""Turns a request's context (and continuations) into token ids that fit the context budget.

Tokenisation, the lm-eval way:
- `prompt`: the text as is, with the tokenizer's default special tokens (BOS where the tokenizer adds one);
  with `shots`, the text is `shots.join("") + prompt`.
- `messages`: the chat template with `add_generation_prompt: true`, rendered to text and tokenised without
  adding special tokens again (the template writes its own).
- A continuation (a loglikelihood continuation or a choice_probs label) is tokenised as the text that follows the
  context: `context + continuation` is encoded whole and split at the context's own token length, so the
  continuation gets the tokens it has in running text (e.g. " A" after "Answer:"). For a `prompt` context,
  trailing whitespace of the context first moves to the front of the continuation (as lm-eval does), so the
  split does not fall inside a " A"-style token; a chat context is left as the template renders it.
- Shots that do not fit are dropped from the end (last first) until the context, with room for
  `max_new_tokens` or the longest continuation (one token for a label), fits `max_length`.
"""

from dataclasses import dataclass

from .requests_file import Request


@dataclass
class FittedContext:
    ids: list[int]
    # Per continuation (or label), its token ids after the context; [] for generate.
    continuations: list[list[int]]
    # How many shots the context kept; None when the request has no `shots`.
    shots_used: int | None


class DoesNotFit(Exception):
    def __init__(self, message: str, prompt_tokens: int, shots_used: int | None):
        super().__init__(message)
        self.prompt_tokens = prompt_tokens
        self.shots_used = shots_used


def encode(tokenizer, text: str, special: bool) -> list[int]:
    return tokenizer(text, add_special_tokens=special)["input_ids"]


def context_text(tokenizer, request: dict, shots: int) -> tuple[str, bool]:
    """The context as text, and whether encoding it adds the tokenizer's special tokens."""
    if "messages" in request:
        return tokenizer.apply_chat_template(request["messages"], add_generation_prompt=True, tokenize=False), False
    return "".join(request.get("shots", [])[:shots]) + request["prompt"], True


def split_pair(tokenizer, context: str, continuation: str, special: bool, move_spaces: bool) -> tuple[list[int], list[int]]:
    """(context ids, continuation ids): the whole encoded once and split at the context's token length."""
    if move_spaces:
        spaces = len(context) - len(context.rstrip())
        if spaces:
            context, continuation = context[:-spaces], context[-spaces:] + continuation
    context_ids = encode(tokenizer, context, special)
    whole = encode(tokenizer, context + continuation, special)
    return context_ids, whole[len(context_ids):]


def _candidate(tokenizer, request: Request, shots: int) -> tuple[FittedContext, int]:
    """The context with `shots` shots, and the tokens it needs in all (context plus what follows it)."""
    fields = request.fields
    text, special = context_text(tokenizer, fields, shots)
    shots_used = shots if "shots" in fields else None
    if request.type == "generate":
        ids = encode(tokenizer, text, special)
        return FittedContext(ids, [], shots_used), len(ids) + fields["max_new_tokens"]
    followers = fields["continuations"] if request.type == "loglikelihood" else fields["labels"]
    pairs = [split_pair(tokenizer, text, follower, special, "prompt" in fields) for follower in followers]
    ids = pairs[0][0]
    continuations = [pair[1] for pair in pairs]
    if request.type == "choice_probs":
        return FittedContext(ids, continuations, shots_used), len(ids) + 1
    return FittedContext(ids, continuations, shots_used), len(ids) + max(len(c) for c in continuations)


def fit_context(tokenizer, request: Request, max_length: int) -> FittedContext:
    shots = len(request.fields.get("shots", []))
    while True:
        fitted, needed = _candidate(tokenizer, request, shots)
        if needed <= max_length:
            if not fitted.ids:
                raise DoesNotFit("the context is empty (no tokens to condition on)", 0, fitted.shots_used)
            return fitted
        if shots == 0:
            room = {"generate": "max_new_tokens", "loglikelihood": "the longest continuation"}.get(request.type, "the label")
            with_shots = " with 0 shots" if fitted.shots_used is not None else ""
            raise DoesNotFit(
                f"the context{with_shots} needs {needed} tokens (with {room}), more than max_length {max_length}",
                len(fitted.ids),
                fitted.shots_used,
            )
        shots -= 1
