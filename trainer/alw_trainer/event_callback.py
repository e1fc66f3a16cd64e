"""Turns the Trainer's callbacks into protocol events and honours a pending stop request."""

import os

import torch
from transformers import TrainerCallback

from . import event_stream
from .stop_request import StopRequest


def resolved_device() -> str:
    return "cuda" if torch.cuda.is_available() else "cpu"


def stop_requested_on_any_rank(stop: StopRequest, args) -> bool:
    """Every rank must stop (and save, a collective operation) after the same step, even when the stop file or
    SIGTERM reached them between different steps: the ranks agree on the flag once per step."""
    reason = stop.poll()
    if args.world_size > 1 and torch.distributed.is_available() and torch.distributed.is_initialized():
        flag = torch.tensor([reason], device=args.device)
        torch.distributed.all_reduce(flag, op=torch.distributed.ReduceOp.MAX)
        reason = int(flag.item())
    return stop.agree(reason)


class EventCallback(TrainerCallback):
    def __init__(self, stage: str, stop: StopRequest, resumed_from: str | None):
        self.stage = stage
        self.stop = stop
        self.resumed_from = resumed_from
        self.last_checkpoint: str | None = None

    def on_train_begin(self, args, state, control, **kwargs):
        self.stop.training_started = True
        event_stream.emit(
            "start",
            stage=self.stage,
            total_steps=state.max_steps,
            device=resolved_device(),
            resumed_from=self.resumed_from,
            world_size=args.world_size,
        )
        if stop_requested_on_any_rank(self.stop, args):  # asked between model loading and the first step
            control.should_training_stop = True

    def on_step_end(self, args, state, control, **kwargs):
        fields = {"step": state.global_step, "total_steps": state.max_steps}
        if state.epoch is not None:
            fields["epoch"] = float(state.epoch)
        event_stream.emit("progress", **fields)
        if stop_requested_on_any_rank(self.stop, args):
            control.should_training_stop = True
            control.should_save = True

    def on_log(self, args, state, control, logs=None, **kwargs):
        metrics = event_stream.numeric_metrics(logs or {})
        if metrics:
            event_stream.emit("metrics", step=state.global_step, metrics=metrics)

    def on_save(self, args, state, control, **kwargs):
        path = os.path.join(args.output_dir, f"checkpoint-{state.global_step}")
        self.last_checkpoint = path
        event_stream.emit("checkpoint", step=state.global_step, path=path)
