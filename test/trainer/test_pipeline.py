"""`stage: pipeline`: pretrain → sft → reward, each stage its own process trained from the previous output."""

import json
import signal
import subprocess

import pytest
import yaml

from conftest import SAMPLES, losses, parse_events, run_trainer, tiny_run_config, trainer_command, trainer_env, write_config


def _pipeline(tmp_path, tiny_model, sft_steps: int = 3) -> tuple:
    stages = tmp_path / "stages"
    pretrain = tiny_run_config(stages, "pretrain.yaml", "pretrain", tiny_model, SAMPLES / "pretrain.jsonl",
                               max_steps=3, save_steps=100, max_length=128)
    # The sft and reward configs name a model that does not exist: the pipeline replaces it.
    sft = tiny_run_config(stages, "sft.yaml", "sft", tmp_path / "no-model", SAMPLES / "sft.jsonl",
                          max_steps=sft_steps, save_steps=1000, max_length=128)
    reward = tiny_run_config(stages, "reward.yaml", "reward", tmp_path / "no-model", SAMPLES / "preferences.jsonl",
                             max_steps=3, save_steps=100)
    config = write_config(tmp_path, "pipeline.yaml", {
        "stage": "pipeline",
        "stages": [
            {"name": "pretrain", "config": "stages/pretrain.yaml"},
            {"name": "sft", "config": "stages/sft.yaml", "model_from": "previous"},
            {"name": "reward", "config": "stages/reward.yaml", "model_from": "sft"},
        ],
    })
    return config, tmp_path / "out"


def _stage_starts(events) -> list[tuple]:
    return [(e["pipeline_stage"], e["pipeline_index"], e["pipeline_total"], e["stage"]) for e in events
            if e["type"] == "start"]


def test_pipeline_runs_each_stage_from_the_previous_output(tmp_path, tiny_model):
    config, out = _pipeline(tmp_path, tiny_model)
    result = run_trainer("run", str(config), "--output-dir", str(out), timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    events = parse_events(result.stdout)

    assert _stage_starts(events) == [("pretrain", 0, 3, "pretrain"), ("sft", 1, 3, "sft"), ("reward", 2, 3, "reward")]
    assert all(e.get("world_size") == 1 for e in events if e["type"] == "start")
    assert len(losses(events)) == 9
    assert [e["type"] for e in events].count("done") == 1
    assert events[-1] == {**events[-1], "type": "done", "step": 3, "output_dir": str(out / "reward")}

    sft_config = yaml.safe_load((out / "sft" / "config.yaml").read_text(encoding="utf-8"))
    assert sft_config["model"]["path"] == str(out / "pretrain")
    assert sft_config["model"]["create_tiny_if_missing"] is False
    assert sft_config["data"]["train"] == [str(SAMPLES / "sft.jsonl")]
    reward_config = yaml.safe_load((out / "reward" / "config.yaml").read_text(encoding="utf-8"))
    assert reward_config["model"]["path"] == str(out / "sft")
    for name in ("pretrain", "sft", "reward"):
        assert json.loads((out / name / "stage-done.json").read_text())["output_dir"] == str(out / name)
    from transformers import AutoModelForSequenceClassification

    assert AutoModelForSequenceClassification.from_pretrained(out / "reward").config.num_labels == 1


def test_cancelled_pipeline_resumes_the_current_stage_and_skips_finished_ones(tmp_path, tiny_model):
    config, out = _pipeline(tmp_path, tiny_model, sft_steps=40)
    process = subprocess.Popen(trainer_command("run", str(config), "--output-dir", str(out)), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=trainer_env())
    seen = []
    for line in process.stdout:
        seen.append(line)
        event = json.loads(line)
        if event["type"] == "progress" and _stage_starts(parse_events("".join(seen)))[-1][0] == "sft":
            break
    process.send_signal(signal.SIGTERM)  # to the pipeline, which forwards it to the sft stage
    rest, stderr = process.communicate(timeout=300)
    first = parse_events("".join(seen) + rest)
    assert process.returncode == 0, stderr[-3000:]
    assert first[-1]["type"] == "cancelled" and first[-1]["checkpoint"], first[-1]
    assert not (out / "sft" / "stage-done.json").exists() and not (out / "reward").joinpath("model.safetensors").exists()
    assert not (out / "STOP").exists(), "the stop file the pipeline made for its stages is gone once it stopped"

    result = run_trainer("run", str(config), "--output-dir", str(out), "--resume", "latest", timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    events = parse_events(result.stdout)
    assert any(e["type"] == "log" and e["message"] == "stage pretrain already finished: skipped" for e in events)
    starts = [e for e in events if e["type"] == "start"]
    assert [(e["pipeline_stage"], e["resumed_from"]) for e in starts] == [("sft", first[-1]["checkpoint"]), ("reward", None)]
    assert events[-1]["type"] == "done" and events[-1]["output_dir"] == str(out / "reward")


def test_a_failing_stage_ends_the_pipeline_with_its_error(tmp_path, tiny_model):
    config, out = _pipeline(tmp_path, tiny_model)
    # Valid when checked (the file exists), unusable when the stage reads it: no JSON line in it.
    bad = tmp_path / "broken.jsonl"
    bad.write_text("not json\n", encoding="utf-8")
    pretrain = tmp_path / "stages" / "pretrain.yaml"
    raw = yaml.safe_load(pretrain.read_text(encoding="utf-8"))
    raw["data"]["train"] = str(bad)
    write_config(pretrain.parent, "pretrain.yaml", raw)
    result = run_trainer("run", str(config), "--output-dir", str(out), timeout=600)
    events = parse_events(result.stdout)
    assert result.returncode == 1
    assert events[-1]["type"] == "error" and events[-1]["message"].startswith("stage pretrain: "), events[-1]
    assert not any(e["type"] in ("start", "done") for e in events), "no later stage starts"
    assert not (out / "sft" / "stage-done.json").exists() and not (out / "pretrain" / "stage-done.json").exists()


@pytest.mark.parametrize(
    "stages, words",
    [
        ([{"name": "a", "config": "s.yaml", "model_from": "previous"}], "earlier stage"),
        ([{"name": "a", "config": "s.yaml"}, {"name": "a", "config": "s.yaml"}], "used twice"),
        ([{"name": "a/b", "config": "s.yaml"}], "folder-safe"),
        ([{"name": "a", "config": "missing.yaml"}], "stage config not found"),
        ([{"name": "a", "config": "s.yaml"}, {"name": "b", "config": "s.yaml", "reward_model_from": "a"}],
         "applies to stage rlaif"),
        ([], "non-empty list"),
    ],
)
def test_bad_pipelines_fail_before_any_stage_runs(tmp_path, tiny_model, stages, words):
    tiny_run_config(tmp_path, "s.yaml", "sft", tiny_model, SAMPLES / "sft.jsonl", max_steps=1)
    config = write_config(tmp_path, "p.yaml", {"stage": "pipeline", "stages": stages})
    result = run_trainer("run", str(config), "--output-dir", str(tmp_path / "out"), timeout=120)
    events = parse_events(result.stdout)
    assert result.returncode == 1 and events[-1]["type"] == "error" and words in events[-1]["message"], events
    assert not any(e["type"] == "start" for e in events)


def test_the_sample_pipeline_chains_the_sample_configs(tmp_path):
    from alw_trainer.pipeline import load_pipeline, stage_config

    pipeline = load_pipeline(SAMPLES / "runs" / "tiny-pipeline.yaml", str(tmp_path))
    assert [(s.name, s.config.name, s.model_from) for s in pipeline.stages] == [
        ("pretrain", "tiny-pretrain.yaml", None), ("sft", "tiny-sft.yaml", "pretrain"), ("reward", "tiny-reward.yaml", "sft"),
        ("rlaif", "tiny-rlaif.yaml", "sft")]
    rlaif = stage_config(pipeline, pipeline.stages[3])
    assert rlaif["model"]["path"] == str(tmp_path / "sft")
    assert rlaif["rlaif"]["reward_model"] == str(tmp_path / "reward")
    reward = stage_config(pipeline, pipeline.stages[2])
    assert reward["model"]["path"] == str(tmp_path / "sft")
    assert reward["data"]["train"] == str(SAMPLES / "preferences.jsonl")
    assert reward["model"]["tiny_corpus"][0] == str(SAMPLES / "pretrain.jsonl")
    command = run_trainer("launch-command", str(SAMPLES / "runs" / "tiny-pipeline.yaml"), timeout=60)
    assert json.loads(command.stdout)["launcher"] == "local"
