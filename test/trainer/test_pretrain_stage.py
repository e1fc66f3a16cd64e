import json
import math
import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import SAMPLES, losses, parse_events, run_trainer, tiny_run_config, write_config

from alw_trainer.data_mix import mix_counts, mix_records
from alw_trainer.errors import BadConfig
from alw_trainer.run_config import load_run_config

PRETRAIN_BAD_LINES = (16, 22, 31, 33)  # samples/README.md
USABLE_PRETRAIN_LINES = 31


def _epoch_end(events: list[dict]) -> tuple[int, float]:
    """(steps in the first epoch, tokens seen in it) from the progress and metrics events."""
    step = next(e["step"] for e in events if e["type"] == "progress" and e.get("epoch") == 1.0)
    tokens = next(e["metrics"]["num_tokens"] for e in events if e["type"] == "metrics" and e["step"] == step)
    return step, tokens


def test_pretrain_run_learns_on_raw_text(tiny_model, tmp_path):
    config = tiny_run_config(tmp_path, "pretrain.yaml", "pretrain", tiny_model, SAMPLES / "pretrain.jsonl",
                             max_steps=16, max_length=128, save_steps=8)
    result = run_trainer("run", str(config), "--output-dir", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr[-3000:]
    events = parse_events(result.stdout)
    types = [e["type"] for e in events]
    assert "error" not in types
    start = next(e for e in events if e["type"] == "start")
    assert start["stage"] == "pretrain" and start["total_steps"] == 16
    assert [e["step"] for e in events if e["type"] == "progress"] == list(range(1, 17))
    assert [e["step"] for e in events if e["type"] == "checkpoint"] == [8, 16]
    assert types[-1] == "done" and events[-1]["step"] == 16

    curve = losses(events)
    assert len(curve) == 16
    assert sum(curve[-3:]) / 3 < curve[0] - 0.5, curve

    # One row per usable line without packing.
    steps, _ = _epoch_end(events)
    assert steps == math.ceil(USABLE_PRETRAIN_LINES / 4)

    warnings = [e["message"] for e in events if e["type"] == "log" and e["level"] == "warning"]
    for line in PRETRAIN_BAD_LINES:
        assert any(f"pretrain.jsonl:{line}: " in w for w in warnings), (line, warnings)
    assert not any("config key" in w for w in warnings), warnings
    for name in ("config.json", "model.safetensors", "tokenizer.json"):
        assert (tmp_path / "out" / name).is_file()


def test_pretrain_packed_mix_run(tiny_model, tmp_path):
    other = tmp_path / "other.jsonl"
    other.write_text(
        "\n".join(
            [json.dumps({"text": f"نص إضافي رقم {i} عن الشعر العربي والأدب."}, ensure_ascii=False) for i in range(4)]
            + ['{"text": 5}']
        )
        + "\n",
        encoding="utf-8",
    )
    max_length, batch = 32, 4
    config = write_config(
        tmp_path,
        "mix.yaml",
        {
            "stage": "pretrain",
            "model": {"path": str(tiny_model)},
            # Relative mix paths resolve against the config file's folder.
            "data": {"mix": [{"path": str(SAMPLES / "pretrain.jsonl"), "weight": 3}, {"path": "other.jsonl"}]},
            "training": {
                "max_steps": 8,
                "learning_rate": 3.0e-3,
                "per_device_train_batch_size": batch,
                "max_length": max_length,
                "packing": True,
                "save_steps": 100,
            },
        },
    )
    result = run_trainer("run", str(config), "--output-dir", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr[-3000:]
    events = parse_events(result.stdout)
    assert events[-1]["type"] == "done" and events[-1]["step"] == 8

    warnings = [e["message"] for e in events if e["type"] == "log" and e["level"] == "warning"]
    assert any("other.jsonl:5: `text` is empty or not a string" in w for w in warnings), warnings
    # 31 + 4 usable records -> 35 samples split 3:1 (weight defaults to 1) (largest remainder: 26.25 -> 26, 8.75 -> 9).
    infos = [e["message"] for e in events if e["type"] == "log" and e["level"] == "info"]
    mix_line = next(m for m in infos if m.startswith("data.mix sampled"))
    assert "pretrain.jsonl: 26 of 35" in mix_line and "other.jsonl: 9 of 35" in mix_line, mix_line

    # Wrapped packing: the epoch's tokens are cut into ceil(tokens / max_length) rows, far fewer than 35 texts.
    steps, tokens = _epoch_end(events)
    rows = math.ceil(tokens / max_length)
    assert rows < 35
    assert steps == math.ceil(rows / batch), (steps, tokens)
    curve = losses(events)
    assert min(curve[-3:]) < curve[0], curve


def test_mix_counts_follow_the_weights():
    assert mix_counts([3, 1], 40) == [30, 10]
    assert mix_counts([1, 1, 1], 10) == [4, 3, 3]
    assert mix_counts([0.5, 0.25, 0.25], 7) == [3, 2, 2]  # 3.5, 1.75, 1.75
    assert sum(mix_counts([2.7, 1.1, 0.3], 1001)) == 1001
    with pytest.raises(ValueError):
        mix_counts([1, 0], 10)


def test_mix_records_samples_by_ratio_with_the_seed():
    big = [f"a{i}" for i in range(100)]
    small = [f"b{i}" for i in range(5)]
    mixed = mix_records([big, small], [3, 1], seed=7, total=400)
    counts = Counter(record[0] for record in mixed)
    assert counts == {"a": 300, "b": 100}
    # The small source is repeated evenly (each record 20 times); the large one used 3 times over.
    assert set(Counter(r for r in mixed if r[0] == "b").values()) == {20}
    assert set(Counter(r for r in mixed if r[0] == "a").values()) == {3}
    assert mix_records([big, small], [3, 1], seed=7, total=400) == mixed
    assert mix_records([big, small], [3, 1], seed=8, total=400) != mixed
    # Default size: as many records as the sources hold; a large source is subsampled without repeats.
    default = mix_records([big, small], [1, 1], seed=1)
    assert len(default) == 105 and Counter(r[0] for r in default) == {"a": 53, "b": 52}
    assert len(set(r for r in default if r[0] == "a")) == 53


def _config(tmp_path: Path, data: dict, stage: str = "pretrain", training: dict | None = None) -> Path:
    return write_config(
        tmp_path, "c.yaml", {"stage": stage, "model": {"path": "m"}, "data": data, "training": training or {}}
    )


def test_mix_config_keys(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"text": "x"}\n')
    (tmp_path / "b.jsonl").write_text('{"text": "y"}\n')
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "config.json").write_text("{}")
    mix = [{"path": "a.jsonl", "weight": 3}, {"path": "b.jsonl", "weight": 1, "note": 1}]
    config = load_run_config(_config(tmp_path, {"mix": mix}, training={"packing": True}))
    assert [(m.path, m.weight) for m in config.mix] == [(tmp_path / "a.jsonl", 3.0), (tmp_path / "b.jsonl", 1.0)]
    assert config.train_files == [tmp_path / "a.jsonl", tmp_path / "b.jsonl"]
    assert config.training.packing is True and config.unknown_keys == ["data.mix[1].note"]
    resolved_mix = [{"path": str(tmp_path / name), "weight": w} for name, w in (("a.jsonl", 3.0), ("b.jsonl", 1.0))]
    assert config.resolved()["data"] == {"mix": resolved_mix}
    # data.train alone still works for pretrain.
    assert load_run_config(_config(tmp_path, {"train": "a.jsonl"})).mix == []
    # Stage-only keys on another stage are reported.
    sft_training = {"packing": True, "beta": 0.2}
    sft = load_run_config(_config(tmp_path, {"train": "a.jsonl"}, stage="sft", training=sft_training))
    assert sft.ignored_keys == ["training.packing (stage pretrain only)", "training.beta (stage dpo only)"]

    for data, stage, needle in (
        ({"mix": mix, "train": "a.jsonl"}, "pretrain", "not both"),
        ({"mix": mix}, "sft", "only supported for stage pretrain"),
        ({"mix": []}, "pretrain", "non-empty list"),
        ({"mix": [{"path": "a.jsonl", "weight": 0}]}, "pretrain", "positive number"),
        ({"mix": [{"weight": 1}]}, "pretrain", "`data.mix[0]`"),
        ({}, "pretrain", "`data.train` is required (or `data.mix`)"),
    ):
        with pytest.raises(BadConfig, match=re.escape(needle)):
            load_run_config(_config(tmp_path, data, stage=stage))
