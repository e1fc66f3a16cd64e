import json
import math

import pytest
from conftest import SAMPLES, losses, parse_events, run_trainer, write_config

from alw_trainer.training_data import dpo_dataset

PREFERENCE_BAD_LINES = (7, 10, 12)  # samples/README.md
REWARD_KEYS = {"rewards/chosen", "rewards/rejected", "rewards/margins", "rewards/accuracies", "loss"}


def _dpo_config(tmp_path, model, method="full", steps=6, **training):
    return write_config(
        tmp_path,
        f"dpo-{method}.yaml",
        {
            "stage": "dpo",
            "model": {"path": str(model)},
            "data": {"train": str(SAMPLES / "preferences.jsonl")},
            "method": method,
            "lora": {"r": 4, "alpha": 8},
            "training": {
                "max_steps": steps,
                "learning_rate": 1.0e-3,
                "per_device_train_batch_size": 4,
                "max_length": 128,
                "seed": 42,
                "save_steps": steps,
                "logging_steps": 1,
                **training,
            },
        },
    )


def test_dpo_run_logs_reward_margins_every_step(tiny_model, tmp_path):
    config = _dpo_config(tmp_path, tiny_model, beta=0.25)
    result = run_trainer("run", str(config), "--output-dir", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr[-3000:]
    events = parse_events(result.stdout)
    types = [e["type"] for e in events]
    assert "error" not in types
    assert next(e for e in events if e["type"] == "start")["stage"] == "dpo"
    assert [e["step"] for e in events if e["type"] == "progress"] == list(range(1, 7))
    assert types[-1] == "done" and events[-1]["step"] == 6

    step_metrics = {e["step"]: e["metrics"] for e in events if e["type"] == "metrics" and "loss" in e["metrics"]}
    assert sorted(step_metrics) == list(range(1, 7))
    for metrics in step_metrics.values():
        assert REWARD_KEYS <= set(metrics), metrics
        difference = metrics["rewards/chosen"] - metrics["rewards/rejected"]
        assert metrics["rewards/margins"] == pytest.approx(difference, abs=1e-5)
        assert 0.0 <= metrics["rewards/accuracies"] <= 1.0
    # The reference is a frozen copy of the starting policy: at step 1 both agree, so the loss is -log σ(0).
    assert step_metrics[1]["loss"] == pytest.approx(math.log(2), abs=1e-4)
    assert step_metrics[1]["rewards/margins"] == pytest.approx(0.0, abs=1e-4)
    assert step_metrics[6]["rewards/margins"] > 0.05, step_metrics
    curve = losses(events)
    assert curve[-1] < curve[0], curve

    warnings = [e["message"] for e in events if e["type"] == "log" and e["level"] == "warning"]
    for line in PREFERENCE_BAD_LINES:
        assert any(f"preferences.jsonl:{line}: " in w for w in warnings), (line, warnings)

    import torch

    checkpoint = tmp_path / "out" / "checkpoint-6"
    assert torch.load(checkpoint / "training_args.bin", weights_only=False).beta == 0.25
    saved = json.loads((tmp_path / "out" / "config.json").read_text())
    assert saved["architectures"] == ["LlamaForCausalLM"]


def test_dpo_lora_run_saves_adapter_and_merged_model(tiny_model, tmp_path):
    config = _dpo_config(tmp_path, tiny_model, method="lora", steps=2, learning_rate=1.0e-2)
    result = run_trainer("run", str(config), "--output-dir", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr[-3000:]
    events = parse_events(result.stdout)
    assert events[-1]["type"] == "done" and events[-1]["step"] == 2
    step_metrics = [e["metrics"] for e in events if e["type"] == "metrics" and "loss" in e["metrics"]]
    assert len(step_metrics) == 2 and all(REWARD_KEYS <= set(m) for m in step_metrics)
    # LoRA B starts at zero, so the adapter-off reference equals the policy at step 1.
    assert step_metrics[0]["loss"] == pytest.approx(math.log(2), abs=1e-4)
    assert (tmp_path / "out" / "adapter" / "adapter_config.json").is_file()
    assert (tmp_path / "out" / "model.safetensors").is_file()


def test_dpo_dataset_is_conversational():
    dataset = dpo_dataset([SAMPLES / "preferences.jsonl"])
    first = json.loads((SAMPLES / "preferences.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert len(dataset) == 11
    assert dataset[0]["prompt"] == [{"role": "user", "content": first["prompt"]}]
    assert dataset[0]["chosen"] == [{"role": "assistant", "content": first["chosen"]}]
    assert dataset[0]["rejected"] == [{"role": "assistant", "content": first["rejected"]}]
