"""`launch-command` and a real 2-process data-parallel run on CPU (accelerate → torchrun → gloo)."""

import json
import socket
import subprocess
import sys
import time

import pytest

from conftest import SAMPLES, TRAINER_DIR, losses, parse_events, run_trainer, tiny_run_config, trainer_env, write_config

PRESETS = TRAINER_DIR / "alw_trainer" / "accelerate_presets"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _launch_command(config, *extra) -> dict:
    result = run_trainer("launch-command", str(config), *extra, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout
    return json.loads(lines[0])


def _launch_error(config) -> dict:
    result = run_trainer("launch-command", str(config), timeout=60)
    assert result.returncode == 1
    event = parse_events(result.stdout)[-1]
    assert event["type"] == "error"
    return event


def _ddp_config(directory, tiny_model, **launcher):
    path = tiny_run_config(directory, "ddp.yaml", "sft", tiny_model, SAMPLES / "sft.jsonl", max_steps=6,
                           save_steps=100, per_device_train_batch_size=2, max_length=128)
    import yaml

    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config["launcher"] = {"type": "accelerate", "preset": "ddp", "num_processes": 2, "cpu": True,
                          "main_process_port": _free_port(), **launcher}
    return write_config(directory, "ddp.yaml", config)


def test_local_command_is_this_python_running_the_config(tmp_path, tiny_model):
    config = tiny_run_config(tmp_path, "local.yaml", "sft", tiny_model, SAMPLES / "sft.jsonl", max_steps=2)
    command = _launch_command(config, "--output-dir", str(tmp_path / "out"), "--resume", "latest")
    assert command == {
        "argv": [sys.executable, "-m", "alw_trainer", "run", str(config), "--output-dir", str(tmp_path / "out"),
                 "--resume", "latest"],
        "launcher": "local",
        "processes": 1,
    }


def test_accelerate_command_carries_preset_and_multi_node_fields(tmp_path, tiny_model):
    config = _ddp_config(tmp_path, tiny_model, cpu=False, num_processes=8, num_machines=2, machine_rank=1,
                         main_process_ip="10.0.0.1", main_process_port=29600, mixed_precision="bf16")
    command = _launch_command(config)
    assert command["launcher"] == "accelerate" and command["processes"] == 8
    assert command["argv"] == [
        sys.executable, "-m", "accelerate.commands.launch", "--config_file", str(PRESETS / "ddp.yaml"),
        "--num_processes", "8", "--num_machines", "2", "--machine_rank", "1", "--main_process_ip", "10.0.0.1",
        "--main_process_port", "29600", "--mixed_precision", "bf16", "-m", "alw_trainer", "run", str(config),
    ]


def test_a_user_accelerate_file_is_taken_relative_to_the_config(tmp_path, tiny_model):
    (tmp_path / "my-accelerate.yaml").write_text("compute_environment: LOCAL_MACHINE\ndistributed_type: MULTI_GPU\n")
    config = _ddp_config(tmp_path, tiny_model, preset="my-accelerate.yaml")
    assert _launch_command(config)["argv"][4] == str(tmp_path / "my-accelerate.yaml")


@pytest.mark.parametrize(
    "launcher, cause, words",
    [
        ({"preset": "zero3"}, "bad_config", "DeepSpeed, which needs CUDA"),
        ({"preset": "nowhere.yaml"}, "missing_file", "neither one of ddp, zero2, zero3, fsdp"),
        ({"num_processes": 3, "num_machines": 2, "main_process_ip": "h"}, "bad_config", "multiple of num_machines"),
        ({"num_machines": 2, "num_processes": 2}, "bad_config", "main_process_ip` is required"),
        ({"type": "local"}, "bad_config", "runs one process"),
        ({"mixed_precision": "fp64"}, "bad_config", "mixed_precision"),
        ({"gpus": 2}, "bad_config", "unknown `launcher` keys: gpus"),
    ],
)
def test_bad_launcher_settings_are_explained(tmp_path, tiny_model, launcher, cause, words):
    event = _launch_error(_ddp_config(tmp_path, tiny_model, **launcher))
    assert event["cause"] == cause and words in event["message"], event


def test_deepspeed_presets_need_deepspeed_installed(tmp_path, tiny_model):
    pytest.importorskip("torch")
    if __import__("importlib").util.find_spec("deepspeed") is not None:
        pytest.skip("deepspeed is installed here")
    event = _launch_error(_ddp_config(tmp_path, tiny_model, preset="zero2", cpu=False))
    assert event["cause"] == "missing_dependency" and "pip install deepspeed" in event["message"]


def _start(argv) -> subprocess.Popen:
    return subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=trainer_env())


@pytest.mark.parametrize("preset", ["ddp", "fsdp"])
def test_two_cpu_processes_train_with_one_event_stream(tmp_path, tiny_model, preset):
    config = _ddp_config(tmp_path, tiny_model, preset=preset)
    command = _launch_command(config, "--output-dir", str(tmp_path / "out"))
    assert command["processes"] == 2
    process = _start(command["argv"])
    stdout, stderr = process.communicate(timeout=600)
    assert process.returncode == 0, stderr[-4000:]
    events = parse_events(stdout)
    starts = [e for e in events if e["type"] == "start"]
    assert len(starts) == 1, "only rank 0 writes events to stdout"
    assert starts[0]["world_size"] == 2 and starts[0]["device"] == "cpu"
    assert len(losses(events)) == 6
    assert [e["step"] for e in events if e["type"] == "progress"] == [1, 2, 3, 4, 5, 6]
    assert events[-1]["type"] == "done" and events[-1]["output_dir"] == str(tmp_path / "out")
    assert '[rank 1] {"type": "start"' in stderr, "rank 1 keeps its events on stderr"
    from transformers import AutoModelForCausalLM

    saved = AutoModelForCausalLM.from_pretrained(tmp_path / "out")
    assert saved.num_parameters() == AutoModelForCausalLM.from_pretrained(tiny_model).num_parameters()


def _stop_after_first_step(argv, stop_file, stderr_file) -> list[dict]:
    with open(stderr_file, "w", encoding="utf-8") as stderr:
        process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=stderr, text=True, env=trainer_env())
        lines = []
        for line in process.stdout:
            lines.append(line)
            if json.loads(line)["type"] == "progress" and not stop_file.exists():
                stop_file.touch()  # what the engine's cancel does for a multi-process run
        process.wait(timeout=120)
    assert process.returncode == 0, stderr_file.read_text(encoding="utf-8")[-3000:]
    return parse_events("".join(lines))


def test_stop_file_stops_every_rank_with_a_checkpoint_and_resume_goes_on(tmp_path, tiny_model):
    config = _ddp_config(tmp_path, tiny_model, main_process_port=_free_port())
    import yaml

    raw = yaml.safe_load(config.read_text(encoding="utf-8"))
    raw["training"].update(max_steps=400, save_steps=1000)
    write_config(tmp_path, "ddp.yaml", raw)
    out = tmp_path / "out"
    started = time.monotonic()
    events = _stop_after_first_step(_launch_command(config, "--output-dir", str(out))["argv"], out / "STOP",
                                    tmp_path / "first.err")
    assert time.monotonic() - started < 300
    cancelled = events[-1]
    assert cancelled["type"] == "cancelled", events[-3:]
    assert cancelled["step"] < 400 and cancelled["checkpoint"] == str(out / f"checkpoint-{cancelled['step']}")
    assert (out / f"checkpoint-{cancelled['step']}" / "trainer_state.json").is_file()
    rank1 = [json.loads(line.removeprefix("[rank 1] ")) for line in
             (tmp_path / "first.err").read_text(encoding="utf-8").splitlines() if line.startswith("[rank 1] {")]
    assert rank1[-1]["type"] == "cancelled" and rank1[-1]["step"] == cancelled["step"], "rank 1 stopped after the same step"

    assert not (out / "STOP").exists(), "a run that stopped removes its stop file, so resuming is not stopped by it"
    raw["training"].update(max_steps=cancelled["step"] + 2)
    write_config(tmp_path, "ddp.yaml", raw)
    resumed = _start(_launch_command(config, "--output-dir", str(out), "--resume", "latest")["argv"])
    stdout, stderr = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, stderr[-3000:]
    events = parse_events(stdout)
    start = next(e for e in events if e["type"] == "start")
    assert start["resumed_from"] == cancelled["checkpoint"]
    assert [e["step"] for e in events if e["type"] == "progress"] == [cancelled["step"] + 1, cancelled["step"] + 2]
    assert events[-1]["type"] == "done"


def test_a_rank_leaves_its_process_group_before_python_exits(tmp_path, tiny_model):
    """A gloo group left for the interpreter's exit can abort the rank (SIGABRT, "terminate called without an
    active exception") and fail the whole torchrun run: `run` destroys it on its normal exits. Checked in one
    process holding a one-rank group, because the abort itself comes only now and then."""
    config = tiny_run_config(tmp_path, "one-rank.yaml", "sft", tiny_model, SAMPLES / "sft.jsonl", max_steps=1)
    script = (
        "import sys, torch.distributed as dist\n"
        "from alw_trainer import event_stream\n"
        "from alw_trainer.run_command import run\n"
        "event_stream.claim_stdout()\n"
        f"dist.init_process_group('gloo', init_method={(tmp_path / 'store').as_uri()!r}, rank=0, world_size=1)\n"
        f"code = run({str(config)!r}, {str(tmp_path / 'out')!r}, None)\n"
        "print('group still there:', dist.is_initialized(), file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=trainer_env(),
                            timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert parse_events(result.stdout)[-1]["type"] == "done"
    assert "group still there: False" in result.stderr
