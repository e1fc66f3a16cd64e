import json
import os
import subprocess

import numpy as np
import pytest
from conftest import REPO, SAMPLES, losses, parse_events, run_trainer

ARABIC_PAIR = json.loads((SAMPLES / "preferences.jsonl").read_text(encoding="utf-8").splitlines()[2])


def test_reward_run_logs_accuracy_and_learns(reward_run):
    events = reward_run["events"]
    assert next(e for e in events if e["type"] == "start")["stage"] == "reward"
    step_metrics = [e["metrics"] for e in events if e["type"] == "metrics" and "loss" in e["metrics"]]
    assert len(step_metrics) == 12
    for metrics in step_metrics:
        assert 0.0 <= metrics["accuracy"] <= 1.0
        assert "margin" in metrics
    warnings = [e["message"] for e in events if e["type"] == "log" and e["level"] == "warning"]
    for line in (7, 10, 12):
        assert any(f"preferences.jsonl:{line}: " in w for w in warnings), (line, warnings)
    curve = losses(events)
    assert min(curve[-3:]) < curve[0], curve
    assert events[-1]["type"] == "done"
    config = json.loads((reward_run["output"] / "config.json").read_text())
    assert config["architectures"] == ["LlamaForSequenceClassification"] and len(config["id2label"]) == 1


def _score(model_dir, prompt, responses):
    args = ["score", "--model", str(model_dir), "--prompt", prompt]
    for response in responses:
        args += ["--response", response]
    result = run_trainer(*args)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    return json.loads(lines[0])["scores"]


@pytest.fixture(scope="module")
def exported(reward_run, tmp_path_factory):
    out = tmp_path_factory.mktemp("onnx") / "reward-onnx"
    result = run_trainer("export-onnx", "--model", str(reward_run["output"]), "--out", str(out), "--max-length", "256")
    assert result.returncode == 0, result.stderr[-3000:]
    return out


def _render_like_node(manifest, prompt, response):
    """An independent renderer of alw_scoring.json's template (as the Node scorer does it): plain Jinja with
    `generation` treated as a transparent block."""
    import jinja2
    from jinja2.ext import Extension

    class Generation(Extension):
        tags = {"generation"}

        def parse(self, parser):
            lineno = next(parser.stream).lineno
            body = parser.parse_statements(("name:endgeneration",), drop_needle=True)
            return jinja2.nodes.Scope(body, lineno=lineno)

    template = jinja2.Environment(extensions=[Generation]).from_string(manifest["chat_template"])
    messages = [{"role": "user", "content": prompt}, {"role": "assistant", "content": response}]
    return template.render(
        messages=messages, bos_token=manifest["bos_token"], eos_token=manifest["eos_token"], add_generation_prompt=False
    )


def test_onnx_scores_match_pytorch_scores(reward_run, exported):
    import onnxruntime
    from tokenizers import Tokenizer

    assert {"model.onnx", "tokenizer.json", "alw_scoring.json"} <= set(os.listdir(exported))
    assert not any(name.endswith(".data") for name in os.listdir(exported))
    manifest = json.loads((exported / "alw_scoring.json").read_text(encoding="utf-8"))
    assert manifest["format"] == "chat" and manifest["max_length"] == 256
    assert manifest["inputs"] == ["input_ids", "attention_mask"] and manifest["output"] == "logits"
    assert "{% generation %}" in manifest["chat_template"]
    assert manifest["bos_token"] == "<s>" and manifest["eos_token"] == "<|end|>"

    prompt, responses = ARABIC_PAIR["prompt"], [ARABIC_PAIR["chosen"], ARABIC_PAIR["rejected"]]
    torch_scores = _score(reward_run["output"], prompt, responses)

    tokenizer = Tokenizer.from_file(str(exported / "tokenizer.json"))
    assert tokenizer.token_to_id("<pad>") == manifest["pad_token_id"]
    session = onnxruntime.InferenceSession(str(exported / "model.onnx"), providers=["CPUExecutionProvider"])
    rows = []
    for response in responses:
        text = _render_like_node(manifest, prompt, response)
        rows.append(tokenizer.encode(text, add_special_tokens=False).ids[: manifest["max_length"]])

    single = []
    for ids in rows:
        feed = {"input_ids": np.array([ids], dtype=np.int64), "attention_mask": np.ones((1, len(ids)), dtype=np.int64)}
        (logits,) = session.run(["logits"], feed)
        assert logits.shape == (1, 1)
        single.append(float(logits[0, 0]))
    np.testing.assert_allclose(single, torch_scores, atol=1e-4, rtol=0)

    # Both responses in one right-padded batch give the same scores.
    width = max(len(ids) for ids in rows)
    pad = manifest["pad_token_id"]
    feed = {
        "input_ids": np.array([ids + [pad] * (width - len(ids)) for ids in rows], dtype=np.int64),
        "attention_mask": np.array([[1] * len(ids) + [0] * (width - len(ids)) for ids in rows], dtype=np.int64),
    }
    (batched,) = session.run(["logits"], feed)
    np.testing.assert_allclose(batched[:, 0], torch_scores, atol=1e-4, rtol=0)
    assert torch_scores[0] != torch_scores[1]
