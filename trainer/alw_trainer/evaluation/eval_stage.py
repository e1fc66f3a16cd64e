"""`stage: eval`: answers every request of `evaluation.requests` not yet answered by this model, batch by batch,
into OUTPUT/results.jsonl, with start / progress / done (or cancelled) events; the stop file (or SIGTERM) stops
it between batches."""

from .. import event_stream
from ..errors import BadConfig
from ..run_config import RunConfig
from ..stop_request import Cancelled, StopRequest
from .context_fit import DoesNotFit, fit_context
from .eval_model import EvalModel, load_eval_model
from .generation import generate
from .requests_file import Request, read_requests
from .results_file import ResultsWriter, answered_keys
from .scoring import SharedFirstToken, choice_probs, chunks, loglikelihoods

RESULTS_FILE = "results.jsonl"


def _answers(evaluator: EvalModel, fitted: dict[int, object], batch: list[Request], batch_size: int) -> dict[int, dict]:
    """Answer fields per batch index, for the requests whose context fits."""
    by_type = {kind: [i for i in fitted if batch[i].type == kind] for kind in ("generate", "loglikelihood", "choice_probs")}
    answers: dict[int, dict] = {}
    for i, (responses, tokens) in zip(by_type["generate"], generate(
        evaluator, [(fitted[i].ids, batch[i].fields) for i in by_type["generate"]], batch_size
    )):
        answers[i] = {"responses": responses, "tokens": tokens}
    pairs = [(i, fitted[i].ids, continuation) for i in by_type["loglikelihood"] for continuation in fitted[i].continuations]
    scores = loglikelihoods(evaluator, [(context, continuation) for _, context, continuation in pairs], batch_size)
    for i in by_type["loglikelihood"]:
        mine = [score for (owner, _, _), score in zip(pairs, scores) if owner == i]
        answers[i] = {
            "logprobs": [logprob for logprob, _ in mine],
            "greedy": [greedy for _, greedy in mine],
            "lengths": [len(c) for c in batch[i].fields["continuations"]],
        }
    items = [(fitted[i].ids, batch[i].fields["labels"], fitted[i].continuations) for i in by_type["choice_probs"]]
    for i, probs in zip(by_type["choice_probs"], choice_probs(evaluator, items, batch_size)):
        answers[i] = {"error": str(probs)} if isinstance(probs, SharedFirstToken) else {"probs": probs}
    return answers


def answer_batch(evaluator: EvalModel, batch: list[Request], max_length: int, batch_size: int) -> list[dict]:
    """One result per request, in the batch's order."""
    results: list[dict] = []
    fitted = {}
    for i, request in enumerate(batch):
        result = {"id": request.id, "type": request.type, "request_hash": request.request_hash,
                  "model_fingerprint": evaluator.fingerprint}
        try:
            fitted[i] = fit_context(evaluator.tokenizer, request, max_length)
            result["prompt_tokens"] = len(fitted[i].ids)
            if fitted[i].shots_used is not None:
                result["shots_used"] = fitted[i].shots_used
        except DoesNotFit as error:
            result["prompt_tokens"] = error.prompt_tokens
            if error.shots_used is not None:
                result["shots_used"] = error.shots_used
            result["error"] = str(error)
        results.append(result)
    for i, answer in _answers(evaluator, fitted, batch, batch_size).items():
        results[i].update(answer)
    return results


def run_eval(config: RunConfig, stop: StopRequest) -> int:
    settings = config.evaluation
    requests = read_requests(settings.requests)
    evaluator = load_eval_model(config.model_path)
    chat = next((r for r in requests if "messages" in r.fields), None)
    if chat is not None and not evaluator.tokenizer.chat_template:
        raise BadConfig(
            f"{settings.requests}:{chat.line}:1: request {chat.id!r} has `messages`, but the model's tokenizer has no"
            " chat template to render them (use `prompt`, or a model with a chat template)"
        )
    max_length = settings.max_length or evaluator.max_positions
    if max_length > evaluator.max_positions:
        event_stream.warn(
            f"evaluation.max_length {max_length} is more than the model's {evaluator.max_positions} positions:"
            " longer contexts may be answered badly"
        )
    results_path = config.output_dir / RESULTS_FILE
    done = answered_keys(results_path)
    pending = [r for r in requests if (r.id, r.request_hash, evaluator.fingerprint) not in done]
    counts = {"answered": 0, "skipped": len(requests) - len(pending), "errors": 0}
    event_stream.emit("start", stage="eval", total_steps=len(requests), device=evaluator.device,
                      resumed_from=str(results_path) if counts["skipped"] else None, world_size=1)
    if counts["skipped"]:
        event_stream.log(f"{counts['skipped']} of {len(requests)} requests already answered by this model: skipped")
    stop.training_started = True  # from here a first SIGTERM stops between batches, like the stop file
    step = counts["skipped"]
    writer = ResultsWriter(results_path)

    def cancelled() -> int:
        stop.consume()
        event_stream.log(f"stop requested: cancelled after {step} of {len(requests)} requests")
        event_stream.emit("cancelled", step=step, checkpoint=None, results=str(results_path), **counts)
        return 0

    try:
        for batch in chunks(pending, settings.batch_size):
            if stop.poll():
                return cancelled()
            results = answer_batch(evaluator, batch, max_length, settings.batch_size)
            writer.append(results)
            errors = sum(1 for r in results if "error" in r)
            counts["errors"] += errors
            counts["answered"] += len(results) - errors
            step += len(results)
            event_stream.emit("progress", step=step, total_steps=len(requests))
    except Cancelled:  # a second SIGTERM, inside a batch: that batch is not written
        return cancelled()
    finally:
        writer.close()
    event_stream.emit("done", step=step, output_dir=str(config.output_dir), results=str(results_path), **counts)
    return 0
