"""`run CONFIG`: trains the config's stage and streams events until done, cancelled or error."""

import os
import re
import sys
import traceback
from pathlib import Path

from . import event_stream
from .errors import MissingFile, classify
from .run_config import RunConfig, load_run_config
from .stop_request import Cancelled, StopFile, StopRequest


def latest_checkpoint(output_dir: Path) -> Path | None:
    """The highest-numbered checkpoint-N folder (same rule as transformers' get_last_checkpoint, without
    importing transformers so a bad --resume fails fast)."""
    if not output_dir.is_dir():
        return None
    steps = {
        int(match.group(1)): entry
        for entry in output_dir.iterdir()
        if entry.is_dir() and (match := re.fullmatch(r"checkpoint-(\d+)", entry.name))
    }
    return steps[max(steps)] if steps else None


def _resume_path(resume: str | None, output_dir: Path) -> str | None:
    if resume is None:
        return None
    if resume == "latest":
        last = latest_checkpoint(output_dir)
        if last is None:
            raise MissingFile(f"--resume latest: no checkpoint-N folder in {output_dir}")
        return str(last)
    path = Path(resume).resolve()
    if not (path / "trainer_state.json").is_file():
        raise MissingFile(f"--resume: {path} is not a checkpoint (no trainer_state.json)")
    return str(path)


def _build_trainer(config: RunConfig, callbacks: list):
    if config.stage == "sft":
        from .sft_stage import build_sft_trainer

        return build_sft_trainer(config, callbacks)
    if config.stage == "pretrain":
        from .pretrain_stage import build_pretrain_trainer

        return build_pretrain_trainer(config, callbacks)
    if config.stage == "dpo":
        from .dpo_stage import build_dpo_trainer

        return build_dpo_trainer(config, callbacks)
    if config.stage == "rlaif":
        from .rlaif_stage import build_rlaif_trainer

        return build_rlaif_trainer(config, callbacks)
    from .reward_stage import build_reward_trainer

    return build_reward_trainer(config, callbacks)


def _save_final(trainer, config: RunConfig) -> None:
    from .lora_setup import ADAPTER_METHODS, merged_for_saving, merged_model

    out = str(config.output_dir)
    adapter = os.path.join(out, "adapter")
    if config.method in ADAPTER_METHODS:
        trainer.model.save_pretrained(adapter)
    # A 4-bit base cannot take the adapter exactly: merge into the full-precision base instead.
    final = merged_model(adapter, config.model_path)[0] if config.method == "qlora" else merged_for_saving(trainer.model)
    final.save_pretrained(out)
    trainer.processing_class.save_pretrained(out)


def run(config_path: str, output_dir: str | None, resume: str | None) -> int:
    stop = StopRequest()
    stop.install()
    trainer = None
    callback = None
    try:
        config = load_run_config(config_path, output_dir)
        for key in config.unknown_keys:
            event_stream.warn(f"unknown config key `{key}` ignored")
        for key in config.ignored_keys:
            event_stream.warn(f"config key `{key}` ignored")
        resume_from = _resume_path(resume, config.output_dir)
        stop.watch(StopFile(config.output_dir))
        if config.method == "qlora":
            from .lora_setup import require_qlora_support

            require_qlora_support()

        from .tiny_model_setup import ensure_model

        ensure_model(config)
        if config.stage == "eval":
            from .evaluation.eval_stage import run_eval

            return run_eval(config, stop)

        from transformers import set_seed

        from .event_callback import EventCallback

        set_seed(config.training.seed)
        callback = EventCallback(config.stage, stop, resume_from)
        trainer = _build_trainer(config, [callback])
        trainer.train(resume_from_checkpoint=resume_from)
        step = trainer.state.global_step
        if stop.requested:
            stop.consume()
            _leave_process_group()
            event_stream.emit("cancelled", step=step, checkpoint=callback.last_checkpoint or resume_from)
            return 0
        _save_final(trainer, config)
        _leave_process_group()
        event_stream.emit("done", step=step, output_dir=str(config.output_dir))
        return 0
    except Cancelled:
        stop.consume()
        step = trainer.state.global_step if trainer is not None else 0
        event_stream.emit("cancelled", step=step, checkpoint=callback.last_checkpoint if callback else None)
        return 0
    except Exception as error:  # every failure becomes one `error` event
        report_error(error)
        return 1


def _leave_process_group() -> None:
    """Ends this rank's part of a multi-process run while Python is still whole. A gloo group left for the
    interpreter's exit can abort the process (SIGABRT, "terminate called without an active exception": its
    worker threads outlive the interpreter, pytorch/pytorch#190489), and torchrun then fails the whole run.
    Only on the normal exits, where every rank arrives after the same step: after an error another rank may be
    inside a collective, and waiting for it would hang."""
    distributed = sys.modules.get("torch.distributed")
    if distributed is not None and distributed.is_available() and distributed.is_initialized():
        distributed.barrier()
        distributed.destroy_process_group()


def report_error(error: BaseException) -> None:
    event_stream.emit(
        "error",
        message=str(error) or type(error).__name__,
        cause=classify(error),
        traceback="".join(traceback.format_exception(error)),
    )
