"""`stage: eval` (REQUESTS-FORMAT): answering a requests file with the tiny model. One model is loaded for the
direct checks; whole runs go through run_command.run in this process (one through the CLI) to stay fast."""

import json
from pathlib import Path

import pytest

from conftest import parse_events, run_trainer, write_config

from alw_trainer import event_stream
from alw_trainer.errors import BadConfig, MissingFile
from alw_trainer.evaluation.context_fit import encode, fit_context
from alw_trainer.evaluation.eval_model import load_eval_model
from alw_trainer.evaluation.eval_stage import answer_batch
from alw_trainer.evaluation.requests_file import Request, read_requests, request_hash
from alw_trainer.run_command import run
from alw_trainer.run_config import load_run_config

LONG = "كلمة " * 300  # far more than the budgets used below


@pytest.fixture(scope="module")
def evaluator(tiny_model):
    return load_eval_model(tiny_model)


def as_request(fields: dict) -> Request:
    return Request(fields["id"], fields["type"], fields, request_hash(fields), 1)


def write_requests(folder: Path, requests: list[dict]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "requests.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in requests), encoding="utf-8")
    return path


def eval_config(folder: Path, model: Path, **evaluation) -> Path:
    return write_config(folder, "eval.yaml", {
        "stage": "eval", "model": str(model), "evaluation": {"requests": "requests.jsonl", **evaluation},
    })


def run_here(config: Path, output: Path, capsys) -> list[dict]:
    capsys.readouterr()
    assert run(str(config), str(output), None) == 0
    return parse_events(capsys.readouterr().out)


def results(output: Path) -> list[dict]:
    return [json.loads(line) for line in (output / "results.jsonl").read_text(encoding="utf-8").splitlines()]


def direct_logprob(evaluator, context: list[int], continuation: list[int]) -> float:
    import torch

    ids = torch.tensor([context + continuation])
    with torch.inference_mode():
        logprobs = torch.log_softmax(evaluator.model(input_ids=ids).logits[0].float(), dim=-1)
    return sum(logprobs[len(context) - 1 + k, token].item() for k, token in enumerate(continuation))


REQUESTS = [
    {"id": "greedy", "type": "generate", "prompt": "مرحبا بكم في", "max_new_tokens": 6},
    {"id": "chat", "type": "generate", "messages": [{"role": "user", "content": "ما عاصمة مصر؟"}], "max_new_tokens": 4},
    {"id": "sampled", "type": "generate", "prompt": "السلام", "max_new_tokens": 5, "temperature": 1.0, "n": 3, "seed": 3},
    {"id": "ll", "type": "loglikelihood", "prompt": "السلام عليكم", "continuations": [" ورحمة الله", " يا"]},
    {"id": "verdict", "type": "choice_probs", "prompt": "الجواب:", "labels": ["A", "B", "C"]},
    {"id": "too-long", "type": "generate", "prompt": LONG, "max_new_tokens": 4},
]


def test_cli_answers_every_request_type_then_a_rerun_answers_none(tiny_model, tmp_path, capsys):
    config = eval_config(tmp_path, tiny_model, batch_size=4, max_length=128)
    write_requests(tmp_path, REQUESTS)
    output = tmp_path / "out"
    result = run_trainer("run", str(config), "--output-dir", str(output))
    assert result.returncode == 0, result.stderr[-3000:]
    events = parse_events(result.stdout)
    assert events[0]["type"] == "start" and events[0]["stage"] == "eval" and events[0]["total_steps"] == 6
    assert [(e["step"], e["total_steps"]) for e in events if e["type"] == "progress"] == [(4, 6), (6, 6)]
    done = events[-1]
    assert done["type"] == "done" and (done["step"], done["answered"], done["skipped"], done["errors"]) == (6, 5, 0, 1)

    by_id = {r["id"]: r for r in results(output)}
    assert list(by_id) == [r["id"] for r in REQUESTS]
    fingerprints = {r["model_fingerprint"] for r in by_id.values()}
    assert len(fingerprints) == 1 and len(fingerprints.pop()) == 64
    for request in REQUESTS:
        assert by_id[request["id"]]["request_hash"] == request_hash(request)
        assert by_id[request["id"]]["type"] == request["type"]
    assert len(by_id["greedy"]["responses"]) == 1 and 1 <= by_id["greedy"]["tokens"][0] <= 6
    assert len(by_id["sampled"]["responses"]) == 3 and len(by_id["sampled"]["tokens"]) == 3
    assert isinstance(by_id["chat"]["responses"][0], str)
    ll = by_id["ll"]
    assert len(ll["logprobs"]) == 2 and all(lp < 0 for lp in ll["logprobs"])
    assert ll["lengths"] == [len(" ورحمة الله"), len(" يا")] and all(isinstance(g, bool) for g in ll["greedy"])
    probs = by_id["verdict"]["probs"]
    assert set(probs) == {"A", "B", "C"} and sum(probs.values()) == pytest.approx(1.0, abs=1e-6)
    impossible = by_id["too-long"]
    assert "more than max_length 128" in impossible["error"] and impossible["prompt_tokens"] > 128
    assert not {"responses", "tokens"} & set(impossible)

    # Resume: nothing left to answer; a changed request (new hash) is answered again.
    again = run_here(config, output, capsys)
    assert again[0]["resumed_from"] == str(output / "results.jsonl")
    assert (again[-1]["answered"], again[-1]["skipped"], again[-1]["errors"]) == (0, 6, 0)
    assert len(results(output)) == 6
    changed = [dict(REQUESTS[0], max_new_tokens=3), *REQUESTS[1:]]
    write_requests(tmp_path, changed)
    third = run_here(config, output, capsys)
    assert (third[-1]["answered"], third[-1]["skipped"]) == (1, 5)
    assert results(output)[-1]["request_hash"] == request_hash(changed[0])


def test_greedy_generation_matches_generating_alone_and_stop_cuts(evaluator):
    import torch

    prompts = ["مرحبا", "السلام عليكم ورحمة الله", "كتاب"]
    batch = [as_request({"id": str(i), "type": "generate", "prompt": p, "max_new_tokens": 3 + i}) for i, p in enumerate(prompts)]
    answers = answer_batch(evaluator, batch, 256, batch_size=3)
    for i, prompt in enumerate(prompts):
        ids = torch.tensor([encode(evaluator.tokenizer, prompt, True)])
        alone = evaluator.model.generate(input_ids=ids, attention_mask=torch.ones_like(ids), max_new_tokens=3 + i,
                                         do_sample=False, pad_token_id=evaluator.pad_id)[0, ids.shape[1]:].tolist()
        assert answers[i]["responses"] == [evaluator.tokenizer.decode(alone, skip_special_tokens=True)]
    text = answers[2]["responses"][0]
    stop = text[len(text) // 2:].strip()[:2] or text[-1]
    cut = answer_batch(evaluator, [as_request(dict(batch[2].fields, stop=[stop]))], 256, 1)[0]["responses"][0]
    assert cut == text[:text.find(stop)] and stop not in cut


def test_sampling_is_fixed_by_the_seed_whatever_the_batch(evaluator):
    def sampled(id: str, seed: int) -> dict:
        return {"id": id, "type": "generate", "prompt": "السلام", "max_new_tokens": 6, "temperature": 1.0, "n": 3, "seed": seed}

    greedy = {"id": "g", "type": "generate", "prompt": "كتاب", "max_new_tokens": 2}
    batch = [as_request(r) for r in (sampled("a", 7), greedy, sampled("b", 7), sampled("c", 8))]
    first = answer_batch(evaluator, batch, 256, batch_size=2)
    alone = answer_batch(evaluator, [as_request(sampled("a", 7))], 256, batch_size=2)[0]
    assert len(first[0]["responses"]) == 3
    assert first[0]["responses"] == first[2]["responses"] == alone["responses"]
    assert first[3]["responses"] != first[0]["responses"]
    assert len(set(first[0]["responses"])) > 1  # n samples, not one repeated


def test_loglikelihood_equals_the_direct_sum_over_continuation_tokens(evaluator):
    tokenizer = evaluator.tokenizer
    items = [("السلام عليكم", [" ورحمة الله وبركاته", " يا"]), ("The capital of Egypt is ", ["Cairo", "a city on the Nile"]),
             ("ك", [" تاب"])]
    batch = [as_request({"id": str(i), "type": "loglikelihood", "prompt": p, "continuations": c}) for i, (p, c) in enumerate(items)]
    answers = answer_batch(evaluator, batch, 256, batch_size=3)  # 5 rows of different lengths: padded chunks
    for answer, (prompt, continuations) in zip(answers, items):
        for k, continuation in enumerate(continuations):
            # The documented tokenisation: trailing context whitespace moves to the continuation, then
            # context+continuation is encoded whole and split at the context's token length.
            context = prompt.rstrip()
            whole = tokenizer(context + prompt[len(context):] + continuation)["input_ids"]
            context_ids = tokenizer(context)["input_ids"]
            expected = direct_logprob(evaluator, context_ids, whole[len(context_ids):])
            assert answer["logprobs"][k] == pytest.approx(expected, abs=1e-4)
            assert answer["prompt_tokens"] == len(context_ids)
    # `greedy`: a continuation made of the model's own argmax tokens is greedy.
    made = answer_batch(evaluator, [as_request({"id": "g", "type": "generate", "prompt": "كتاب", "max_new_tokens": 3})], 256, 1)
    own = answer_batch(evaluator, [as_request({"id": "o", "type": "loglikelihood", "prompt": "كتاب",
                                               "continuations": made[0]["responses"]})], 256, 1)[0]
    assert own["greedy"] == [True]


def test_choice_probs_renormalise_the_first_label_tokens(evaluator):
    import torch

    fields = {"id": "v", "type": "choice_probs", "messages": [{"role": "user", "content": "أيهما أفضل؟"}],
              "labels": ["m", "M"]}
    answer = answer_batch(evaluator, [as_request(fields)], 256, 1)[0]
    context = evaluator.tokenizer.apply_chat_template(fields["messages"], add_generation_prompt=True, tokenize=False)
    ids = encode(evaluator.tokenizer, context, False)
    firsts = [encode(evaluator.tokenizer, context + label, False)[len(ids)] for label in fields["labels"]]
    with torch.inference_mode():
        probs = torch.softmax(evaluator.model(input_ids=torch.tensor([ids])).logits[0, -1].float(), dim=-1)
    picked = probs[firsts] / probs[firsts].sum()
    assert answer["probs"] == pytest.approx({"m": picked[0].item(), "M": picked[1].item()}, abs=1e-5)
    assert sum(answer["probs"].values()) == pytest.approx(1.0)
    # Labels that start with the same token cannot be told apart: an error, not a made-up split.
    same = answer_batch(evaluator, [as_request(dict(fields, labels=["m", "m n"]))], 256, 1)[0]
    assert "start with the same token" in same["error"] and "probs" not in same


def test_shots_are_dropped_last_first_until_the_context_fits(evaluator):
    tokenizer = evaluator.tokenizer
    shots = ["سؤال طويل جدا: ما هي عاصمة مصر؟ الجواب: القاهرة\n", "سؤال: ١+١؟ الجواب: ٢\n", "س: نعم؟ ج: لا\n"]
    prompt = "سؤال: ما عاصمة الأردن؟ الجواب:"
    fields = {"id": "s", "type": "generate", "prompt": prompt, "shots": shots, "max_new_tokens": 4}
    lengths = [len(encode(tokenizer, "".join(shots[:k]) + prompt, True)) for k in range(4)]
    assert answer_batch(evaluator, [as_request(fields)], lengths[3] + 4, 1)[0]["shots_used"] == 3
    # Room for the first shot only: the first shot stays, the later two go.
    kept = fit_context(tokenizer, as_request(fields), lengths[1] + 4)
    assert kept.shots_used == 1 and kept.ids == encode(tokenizer, shots[0] + prompt, True)
    result = answer_batch(evaluator, [as_request(fields)], lengths[1] + 4, 1)[0]
    assert (result["shots_used"], result["prompt_tokens"]) == (1, lengths[1]) and len(result["responses"]) == 1
    # Not even the prompt alone: an error result, with no answer, and the rest of the batch answered.
    other = {"id": "ok", "type": "loglikelihood", "prompt": "م", "continuations": [" ن"]}
    failed, answered = answer_batch(evaluator, [as_request(fields), as_request(other)], lengths[0] + 3, 2)
    assert "with 0 shots" in failed["error"] and failed["shots_used"] == 0 and "responses" not in failed
    assert "error" not in answered and len(answered["logprobs"]) == 1


def test_stop_file_cancels_between_batches_and_the_rerun_finishes(tiny_model, tmp_path, capsys, monkeypatch):
    requests = [{"id": f"r{i}", "type": "loglikelihood", "prompt": f"رقم {i}", "continuations": [" نعم"]} for i in range(6)]
    write_requests(tmp_path, requests)
    config = eval_config(tmp_path, tiny_model, batch_size=2)
    output = tmp_path / "out"
    write_line = event_stream.write_line

    def stop_after_first_batch(event: dict) -> None:
        write_line(event)
        if event["type"] == "progress" and event["step"] == 2:
            (output / "STOP").touch()

    monkeypatch.setattr(event_stream, "write_line", stop_after_first_batch)
    events = run_here(config, output, capsys)
    monkeypatch.undo()
    cancelled = events[-1]
    assert cancelled["type"] == "cancelled" and cancelled["step"] == 2 and cancelled["checkpoint"] is None
    assert [r["id"] for r in results(output)] == ["r0", "r1"] and not (output / "STOP").exists()

    finished = run_here(config, output, capsys)
    assert (finished[-1]["type"], finished[-1]["answered"], finished[-1]["skipped"]) == ("done", 4, 2)
    assert [e["step"] for e in finished if e["type"] == "progress"] == [4, 6]
    assert [r["id"] for r in results(output)] == [f"r{i}" for i in range(6)]

    # The fingerprint reads names, sizes and mtimes: a copy keeping them is the same model; new weights are not.
    import os
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(tiny_model, copy)
    same = run_here(eval_config(tmp_path, copy, batch_size=2), output, capsys)
    assert (same[-1]["answered"], same[-1]["skipped"]) == (0, 6)
    weights = copy / "model.safetensors"
    os.utime(weights, ns=(weights.stat().st_atime_ns, weights.stat().st_mtime_ns + 10**9))
    changed = run_here(eval_config(tmp_path, copy, batch_size=2), output, capsys)
    assert (changed[-1]["answered"], changed[-1]["skipped"]) == (6, 0)
    assert len({r["model_fingerprint"] for r in results(output)}) == 2


def test_a_lora_adapter_folder_is_evaluated_as_base_plus_adapter(evaluator, tiny_model, tmp_path):
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    base = AutoModelForCausalLM.from_pretrained(tiny_model, dtype="float32")
    peft_model = get_peft_model(base, LoraConfig(r=4, target_modules=["q_proj", "v_proj"], init_lora_weights=False))
    peft_model.save_pretrained(tmp_path / "adapter")
    adapted = load_eval_model(tmp_path / "adapter")
    assert adapted.fingerprint != evaluator.fingerprint
    ids = torch.tensor([encode(evaluator.tokenizer, "السلام عليكم", True)])
    with torch.inference_mode():
        expected = peft_model(input_ids=ids).logits
        plain = evaluator.model(input_ids=ids).logits
        assert torch.allclose(adapted.model(input_ids=ids).logits, expected, atol=1e-4)
    assert not torch.allclose(plain, expected, atol=1e-3)


def test_bad_requests_fail_at_file_line_column(tmp_path):
    path = tmp_path / "requests.jsonl"
    cases = [
        ('{"id": "a", "type": "generate", "prompt": "x", "max_new_tokens": 2}\n{"id": "a"', ":2:11: invalid JSON"),
        ('\n  {"id": "a", "type": "rank", "prompt": "x"}\n', ":2:3: `type` must be one of"),
        ('{"id": "a", "type": "loglikelihood", "messages": [{"role": "user", "content": "x"}], "shots": ["s"],'
         ' "continuations": ["y"]}\n', ":1:1: `shots` goes with `prompt` only"),
        ('{"id": "a", "type": "choice_probs", "prompt": "x", "labels": []}\n', ":1:1: choice_probs needs `labels`"),
        ('{"id": "a", "type": "generate", "prompt": "x"}\n', ":1:1: generate needs `max_new_tokens`"),
        ('{"id": "a", "type": "choice_probs", "prompt": "x", "labels": ["A"]}\n' * 2, ":2:1: id 'a' is used twice"),
    ]
    for text, expected in cases:
        path.write_text(text, encoding="utf-8")
        with pytest.raises(BadConfig) as raised:
            read_requests(path)
        assert str(raised.value).startswith(str(path)) and expected in str(raised.value), str(raised.value)


def test_messages_for_a_model_without_a_chat_template_fail_before_answering(tiny_model, tmp_path, capsys):
    import shutil

    model = tmp_path / "plain"
    shutil.copytree(tiny_model, model)
    settings = json.loads((model / "tokenizer_config.json").read_text(encoding="utf-8"))
    settings.pop("chat_template", None)
    (model / "tokenizer_config.json").write_text(json.dumps(settings), encoding="utf-8")
    for extra in model.glob("chat_template.*"):
        extra.unlink()
    path = write_requests(tmp_path, REQUESTS[:2])
    capsys.readouterr()
    assert run(str(eval_config(tmp_path, model)), str(tmp_path / "out"), None) == 1
    error = parse_events(capsys.readouterr().out)[-1]
    assert error["type"] == "error" and error["cause"] == "bad_config"
    assert error["message"].startswith(f"{path}:2:1: request 'chat' has `messages`")
    assert not (tmp_path / "out" / "results.jsonl").exists()


def test_run_config_accepts_an_eval_config_and_rejects_broken_ones(tiny_model, tmp_path):
    write_requests(tmp_path, REQUESTS[:1])
    config = load_run_config(eval_config(tmp_path, tiny_model, batch_size=2))
    assert config.stage == "eval" and config.evaluation.requests == str(tmp_path / "requests.jsonl")
    assert (config.evaluation.batch_size, config.evaluation.max_length) == (2, None)
    assert load_run_config(write_config(tmp_path, "again.yaml", config.resolved())).evaluation == config.evaluation

    def fails(evaluation: dict, error=BadConfig, **extra) -> str:
        path = write_config(tmp_path, "broken.yaml", {"stage": "eval", "model": str(tiny_model), "evaluation": evaluation, **extra})
        with pytest.raises(error) as raised:
            load_run_config(path)
        return str(raised.value)

    assert "`evaluation.requests` is required" in fails({"batch_size": 2})
    assert "`evaluation.batch_size` must be positive" in fails({"requests": "requests.jsonl", "batch_size": 0})
    assert "`evaluation.max_length`" in fails({"requests": "requests.jsonl", "max_length": "long"})
    assert "requests file not found" in fails({"requests": "nowhere.jsonl"}, MissingFile)
    assert "one local process" in fails({"requests": "requests.jsonl"}, launcher={"type": "accelerate"})


def test_env_check_sizes_an_eval_run_for_inference(tiny_model, tmp_path):
    from alw_trainer.env_check import env_report

    write_requests(tmp_path, REQUESTS[:1])
    report = env_report(str(eval_config(tmp_path, tiny_model, batch_size=2, max_length=64)))
    assert report["problems"] == [] and report["estimate"]["method"] == "eval"
    assert "batch 2 × max_length 64" in report["estimate"]["explanation"]


def test_a_pipeline_eval_stage_reads_its_requests_and_an_earlier_stage_model(tiny_model, tmp_path):
    from alw_trainer.pipeline import load_pipeline, stage_config

    write_requests(tmp_path / "configs", REQUESTS[:1])
    eval_config(tmp_path / "configs", tiny_model)
    write_config(tmp_path, "sft.yaml", {"stage": "sft", "model": str(tiny_model), "data": {"train": "x.jsonl"}})
    pipeline_file = write_config(tmp_path, "pipeline.yaml", {"stage": "pipeline", "stages": [
        {"name": "sft", "config": "sft.yaml"}, {"name": "eval", "config": "configs/eval.yaml", "model_from": "sft"},
    ]})
    pipeline = load_pipeline(pipeline_file, str(tmp_path / "out"))
    written = stage_config(pipeline, pipeline.stages[1])
    assert written["evaluation"]["requests"] == str(tmp_path / "configs" / "requests.jsonl")
    assert written["model"]["path"] == str(tmp_path / "out" / "sft")
