import subprocess
import sys

from conftest import REPO, SAMPLES, TRAINER_DIR, parse_events, run_trainer, trainer_env, write_config


def _single_error(result):
    assert result.returncode != 0
    events = parse_events(result.stdout)
    assert len(events) == 1 and events[0]["type"] == "error", events
    return events[0]


def test_missing_data_file_is_a_missing_file_error(tmp_path):
    config = write_config(
        tmp_path,
        "bad.yaml",
        {"stage": "sft", "model": {"path": str(tmp_path / "model")}, "data": {"train": "missing.jsonl"}},
    )
    error = _single_error(run_trainer("run", str(config)))
    assert error["cause"] == "missing_file"
    assert str(tmp_path / "missing.jsonl") in error["message"]


def test_unknown_stage_is_a_bad_config_error(tmp_path):
    config = write_config(
        tmp_path, "bad.yaml", {"stage": "ppo", "model": {"path": "m"}, "data": {"train": str(SAMPLES / "sft.jsonl")}}
    )
    error = _single_error(run_trainer("run", str(config)))
    assert error["cause"] == "bad_config" and "stage" in error["message"]


def test_missing_config_and_missing_checkpoint(tiny_model, tmp_path):
    assert _single_error(run_trainer("run", str(tmp_path / "nope.yaml")))["cause"] == "missing_file"
    config = write_config(
        tmp_path, "ok.yaml", {"stage": "sft", "model": {"path": str(tiny_model)}, "data": {"train": str(SAMPLES / "sft.jsonl")}}
    )
    error = _single_error(run_trainer("run", str(config), "--output-dir", str(tmp_path / "o"), "--resume", "latest"))
    assert error["cause"] == "missing_file" and "checkpoint" in error["message"]


def test_version_prints_the_package_version():
    result = subprocess.run(
        [sys.executable, "-m", "alw_trainer", "version"], capture_output=True, text=True, env=trainer_env(), cwd=REPO
    )
    assert result.returncode == 0
    from alw_trainer import __version__

    assert result.stdout == f"{__version__}\n"
    assert (TRAINER_DIR / "pyproject.toml").read_text().count(f'version = "{__version__}"') == 1
