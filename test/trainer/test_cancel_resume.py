import json
import signal
import subprocess
from pathlib import Path

from conftest import REPO, SAMPLES, check_event, parse_events, run_trainer, trainer_command, trainer_env, write_config

MAX_STEPS = 80


def test_sigterm_saves_checkpoint_then_resume_finishes(tiny_model, tmp_path):
    config = write_config(
        tmp_path,
        "sft.yaml",
        {
            "stage": "sft",
            "model": {"path": str(tiny_model)},
            "data": {"train": str(SAMPLES / "sft.jsonl")},
            "training": {"max_steps": MAX_STEPS, "learning_rate": 3.0e-3, "max_length": 256, "save_steps": 1000},
        },
    )
    output = tmp_path / "out"
    process = subprocess.Popen(
        trainer_command("run", str(config), "--output-dir", str(output)),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=trainer_env(),
        cwd=REPO,
    )
    events = []
    for line in process.stdout:
        event = json.loads(line)
        check_event(event)
        events.append(event)
        if event["type"] == "progress" and event["step"] == 2:
            process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=120) == 0

    cancelled = events[-1]
    assert cancelled["type"] == "cancelled", events[-3:]
    stopped_at = cancelled["step"]
    assert 2 <= stopped_at < MAX_STEPS
    checkpoint = Path(cancelled["checkpoint"])
    assert checkpoint == output / f"checkpoint-{stopped_at}"
    assert json.loads((checkpoint / "trainer_state.json").read_text())["global_step"] == stopped_at
    assert [e["path"] for e in events if e["type"] == "checkpoint"] == [str(checkpoint)]
    assert not any(e["type"] == "done" for e in events)

    result = run_trainer("run", str(config), "--output-dir", str(output), "--resume", "latest")
    assert result.returncode == 0, result.stderr[-3000:]
    resumed = parse_events(result.stdout)
    start = next(e for e in resumed if e["type"] == "start")
    assert start["resumed_from"] == str(checkpoint)
    steps = [e["step"] for e in resumed if e["type"] == "progress"]
    assert steps == list(range(stopped_at + 1, MAX_STEPS + 1))
    assert resumed[-1]["type"] == "done" and resumed[-1]["step"] == MAX_STEPS
