"""`stage: pipeline` — runs stage configs one after another, each as its own process started with that stage's
launcher, each stage training from an earlier stage's output:

    stage: pipeline
    stages:
      - {name: pretrain, config: tiny-pretrain.yaml}
      - {name: sft, config: tiny-sft.yaml, model_from: previous}
      - {name: reward, config: tiny-reward.yaml, model_from: sft}
      - {name: rlaif, config: rlaif.yaml, model_from: sft, reward_model_from: reward}

Stage <name> writes into OUTPUT/<name>/ (its resolved config.yaml, checkpoints, final model, and a stage-done.json
marker once finished). The children's events are relayed with pipeline_stage/pipeline_index/pipeline_total added
to `start`; the pipeline ends with one `done`, the failing stage's `error`, or `cancelled`.
"""

import copy
import json
import os
import re
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import event_stream
from .errors import BadConfig, MissingFile, TrainerError
from .launch import PRESETS, launch_command, read_config_mapping
from .stop_request import STOP_FILE_ENV, Cancelled, StopFile

STAGE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
STAGE_KEYS = ("name", "config", "model_from", "reward_model_from")
DONE_MARKER = "stage-done.json"
TERMINAL_EVENTS = ("done", "error", "cancelled")


@dataclass
class PipelineStage:
    name: str
    config: Path
    # The earlier stage whose output this stage trains from ("previous" resolved to its name); None: its own model.
    model_from: str | None
    # The earlier (reward) stage whose output becomes `rlaif.reward_model`.
    reward_model_from: str | None


@dataclass
class Pipeline:
    path: Path
    stages: list[PipelineStage]
    output_dir: Path
    unknown_keys: list[str]

    def stage_dir(self, name: str) -> Path:
        return self.output_dir / name

    def future_outputs(self, stage: PipelineStage) -> tuple[Path, ...]:
        """The earlier outputs `stage` reads, which do not exist before those stages have run."""
        return tuple(self.stage_dir(name) for name in (stage.model_from, stage.reward_model_from) if name)


def is_pipeline_config(config_path: str | Path) -> bool:
    try:
        return read_config_mapping(config_path).get("stage") == "pipeline"
    except TrainerError:
        return False  # the run reports it


def _stage(item: object, index: int, earlier: list[str], base: Path) -> PipelineStage:
    key = f"stages[{index}]"
    if not isinstance(item, dict):
        raise BadConfig(f"`{key}` must be a mapping with `name` and `config`")
    unknown = sorted(set(item) - set(STAGE_KEYS))
    if unknown:
        raise BadConfig(f"`{key}` has unknown keys: {', '.join(unknown)} (known: {', '.join(STAGE_KEYS)})")
    name = item.get("name")
    if not isinstance(name, str) or not STAGE_NAME.fullmatch(name):
        raise BadConfig(f"`{key}.name` must be a folder-safe name (letters, digits, _ . -), got {name!r}")
    if name in earlier:
        raise BadConfig(f"`{key}.name` {name!r} is used twice")
    if not isinstance(item.get("config"), str) or not item["config"]:
        raise BadConfig(f"`{key}.config` must be the path of a run config")
    config = (base / item["config"]).resolve()
    if not config.is_file():
        raise MissingFile(f"stage config not found: {config} ({key}.config)")

    def earlier_stage(field: str) -> str | None:
        value = item.get(field)
        if value is None:
            return None
        if field == "model_from" and value == "previous" and earlier:
            return earlier[-1]
        if value not in earlier:
            raise BadConfig(
                f"`{key}.{field}` must name an earlier stage ({', '.join(earlier) or 'none before the first'})"
                + (" or be `previous`" if field == "model_from" else "") + f", got {value!r}"
            )
        return value

    return PipelineStage(name, config, earlier_stage("model_from"), earlier_stage("reward_model_from"))


def load_pipeline(config_path: str | Path, output_dir: str | None = None) -> Pipeline:
    path = Path(config_path).resolve()
    raw = read_config_mapping(path)
    stages_raw = raw.get("stages")
    if not isinstance(stages_raw, list) or not stages_raw:
        raise BadConfig("`stages` must be a non-empty list of {name, config, model_from, reward_model_from}")
    stages: list[PipelineStage] = []
    for index, item in enumerate(stages_raw):
        stages.append(_stage(item, index, [s.name for s in stages], path.parent))
    if output_dir is not None:
        out = Path(output_dir).resolve()
    elif isinstance(raw.get("output_dir"), str):
        out = (path.parent / raw["output_dir"]).resolve()
    else:
        out = (path.parent / "outputs" / path.stem).resolve()
    unknown = [key for key in raw if key not in ("stage", "stages", "output_dir")]
    return Pipeline(path, stages, out, unknown)


def _absolute(value: object, base: Path) -> object:
    if isinstance(value, str) and value:
        return str((base / value).resolve())
    if isinstance(value, list):
        return [_absolute(item, base) for item in value]
    return value


def stage_config(pipeline: Pipeline, stage: PipelineStage) -> dict:
    """The stage's config with every path made absolute (it is written elsewhere) and its model, and rlaif reward
    model, rewritten to the earlier outputs it takes them from."""
    raw = copy.deepcopy(read_config_mapping(stage.config))
    if raw.get("stage") == "pipeline":
        raise BadConfig(f"stage {stage.name}: {stage.config} is itself a pipeline; pipelines do not nest")
    base = stage.config.parent
    raw.pop("output_dir", None)
    sections = {name: raw.get(name) for name in ("model", "data", "rlaif", "evaluation", "launcher")}
    if isinstance(sections["model"], str):
        sections["model"] = raw["model"] = {"path": sections["model"]}
    if isinstance(sections["model"], dict):
        for key in ("path", "tiny_corpus"):
            if key in sections["model"]:
                sections["model"][key] = _absolute(sections["model"][key], base)
    if isinstance(sections["data"], dict):
        if "train" in sections["data"]:
            sections["data"]["train"] = _absolute(sections["data"]["train"], base)
        for source in sections["data"].get("mix") or []:
            if isinstance(source, dict) and "path" in source:
                source["path"] = _absolute(source["path"], base)
    if isinstance(sections["rlaif"], dict) and "reward_model" in sections["rlaif"]:
        sections["rlaif"]["reward_model"] = _absolute(sections["rlaif"]["reward_model"], base)
    if isinstance(sections["evaluation"], dict) and "requests" in sections["evaluation"]:
        sections["evaluation"]["requests"] = _absolute(sections["evaluation"]["requests"], base)
    launcher = sections["launcher"]
    if isinstance(launcher, dict) and isinstance(launcher.get("preset"), str) and launcher["preset"] not in PRESETS:
        launcher["preset"] = _absolute(launcher["preset"], base)

    if stage.model_from:
        model = raw.setdefault("model", {})
        if isinstance(model, dict):
            model.pop("hub_id", None)  # the earlier stage's output replaces a hub model too
            model["path"] = str(pipeline.stage_dir(stage.model_from))
            # Never build a tiny model into an earlier stage's output folder.
            model["create_tiny_if_missing"] = False
    if stage.reward_model_from:
        if raw.get("stage") != "rlaif":
            raise BadConfig(f"stage {stage.name}: `reward_model_from` applies to stage rlaif (got {raw.get('stage')!r})")
        rlaif = raw.setdefault("rlaif", {})
        if isinstance(rlaif, dict):
            rlaif["reward_model"] = str(pipeline.stage_dir(stage.reward_model_from))
    return raw


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def _dump(config: dict) -> str:
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


def check_stage(pipeline: Pipeline, stage: PipelineStage, folder: Path):
    """Writes the stage's config into `folder`/config.yaml and loads it as a run config: resolved (and rewritten
    so) when it loads, None when it only lacks the earlier outputs it reads. Other errors raise, prefixed."""
    from .run_config import load_run_config

    config_file = folder / "config.yaml"
    try:
        _write_atomic(config_file, _dump(stage_config(pipeline, stage)))
        config = load_run_config(config_file, str(pipeline.stage_dir(stage.name)))
    except TrainerError as error:
        if any(str(output) in str(error) for output in pipeline.future_outputs(stage)):
            return None
        raise TrainerError(f"stage {stage.name}: {error}", error.cause) from None
    _write_atomic(config_file, _dump(config.resolved()))
    return config


def check_stage_elsewhere(pipeline: Pipeline, stage: PipelineStage):
    """`check_stage` without writing into the pipeline's output folder (for env-check)."""
    with tempfile.TemporaryDirectory(prefix="alw-stage-") as folder:
        return check_stage(pipeline, stage, Path(folder))


class _PipelineStop:
    """A stop during a pipeline: the running stage saves a checkpoint and reports `cancelled`; no further stage
    starts. Stages share the pipeline's stop file; SIGTERM is also forwarded to a one-process stage, which
    then stops even while it is still loading its model (a multi-process stage only reads the file)."""

    def __init__(self) -> None:
        self.signalled = False
        self.stop_file: StopFile | None = None
        self.child: subprocess.Popen | None = None
        self.child_is_local = False

    def install(self) -> None:
        signal.signal(signal.SIGTERM, self._on_signal)

    def watch(self, stop_file: StopFile) -> None:
        self.stop_file = stop_file
        os.environ[STOP_FILE_ENV] = str(stop_file.path)  # inherited by every stage and its ranks
        if self.signalled:
            stop_file.touch()
        else:
            stop_file.warn_if_left_over()

    @property
    def requested(self) -> bool:
        return self.signalled or (self.stop_file is not None and self.stop_file.exists())

    def _on_signal(self, signum, frame) -> None:
        self.signalled = True
        if self.stop_file is not None:
            self.stop_file.touch()
        self.forward()

    def consume(self) -> None:
        if self.stop_file is not None:
            self.stop_file.consume()

    def forward(self) -> None:
        if self.child is not None and self.child_is_local and self.child.poll() is None:
            self.child.send_signal(signal.SIGTERM)


def _relay(line: str, stage: PipelineStage, index: int, total: int) -> dict | None:
    """Relays one line of a stage's stdout; returns the event when it is terminal (done, error, cancelled)."""
    try:
        event = json.loads(line)
    except json.JSONDecodeError:
        event = None
    if not isinstance(event, dict) or "type" not in event:
        if line.strip():
            event_stream.log(f"stage {stage.name}: {line.rstrip()}")
        return None
    kind = event["type"]
    if kind == "start":
        event.update(pipeline_stage=stage.name, pipeline_index=index, pipeline_total=total)
    elif kind == "done":
        event_stream.log(f"stage {stage.name} finished at step {event.get('step')}: {event.get('output_dir')}")
        return event
    elif kind == "error":
        event["message"] = f"stage {stage.name}: {event.get('message')}"
    event_stream.write_line(event)
    return event if kind in TERMINAL_EVENTS else None


def _run_stage(launch: dict, stage: PipelineStage, index: int, total: int, stop: _PipelineStop) -> dict:
    final = None
    argv = launch["argv"]
    with subprocess.Popen(argv, stdout=subprocess.PIPE, text=True, encoding="utf-8", errors="replace") as child:
        stop.child, stop.child_is_local = child, launch["launcher"] == "local"
        if stop.requested:
            stop.forward()
        for line in child.stdout:
            final = _relay(line, stage, index, total) or final
        code = child.wait()
    stop.child = None
    if final is None:
        event_stream.emit("error", message=f"stage {stage.name} ended (exit code {code}) without a final event",
                          cause="unknown")
        final = {"type": "error"}
    return final


def run_pipeline(config_path: str, output_dir: str | None, resume: str | None) -> int:
    stop = _PipelineStop()
    stop.install()
    try:
        if resume not in (None, "latest"):
            raise BadConfig("a pipeline resumes with `--resume latest`: finished stages are skipped")
        pipeline = load_pipeline(config_path, output_dir)
        stop.watch(StopFile(pipeline.output_dir))
        for key in pipeline.unknown_keys:
            event_stream.warn(f"unknown pipeline key `{key}` ignored")
        for stage in pipeline.stages:  # every stage config checked before the first one trains
            check_stage(pipeline, stage, pipeline.stage_dir(stage.name))
        total = len(pipeline.stages)
        event_stream.log(f"pipeline of {total} stages: {' → '.join(s.name for s in pipeline.stages)}")
        from .run_command import latest_checkpoint

        last = None
        for index, stage in enumerate(pipeline.stages):
            folder = pipeline.stage_dir(stage.name)
            marker = folder / DONE_MARKER
            if resume and marker.is_file():
                last = json.loads(marker.read_text(encoding="utf-8"))
                event_stream.log(f"stage {stage.name} already finished: skipped")
                continue
            if stop.requested:
                raise Cancelled()
            check_stage(pipeline, stage, folder)  # now with the earlier outputs in place
            stage_resume = "latest" if resume and latest_checkpoint(folder) else None
            launch = launch_command(str(folder / "config.yaml"), str(folder), stage_resume)
            outcome = _run_stage(launch, stage, index, total, stop)
            if outcome["type"] != "done":
                if outcome["type"] == "cancelled":
                    stop.consume()
                    return 0
                return 1
            last = {"step": outcome.get("step", 0), "output_dir": outcome.get("output_dir", str(folder))}
            _write_atomic(marker, json.dumps(last))
        event_stream.emit("done", step=last["step"], output_dir=last["output_dir"])
        return 0
    except Cancelled:
        stop.consume()
        event_stream.emit("cancelled", step=0, checkpoint=None)
        return 0
    except Exception as error:
        from .run_command import report_error

        report_error(error)
        return 1
