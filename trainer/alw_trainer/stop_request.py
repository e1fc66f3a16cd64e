"""How a run is asked to stop: SIGTERM, or a stop file.

SIGTERM before training starts cancels at once; during training it asks the trainer to save a checkpoint and
stop after the current step, and a second SIGTERM stops at once (the editor's second cancel). A multi-process run (accelerate → torchrun) is stopped through the stop file
instead: a signal to the launcher does not reliably reach the ranks, and signalling the whole process group
lets torchrun kill a rank in the middle of a collective. Every rank looks for the file at each step end and
the ranks agree on the answer (event_callback), so they all checkpoint after the same step.

The stop file is `$ALW_STOP_FILE`, or `STOP` in the output folder. A run that stops removes it, so the next
start or resume is not stopped by it.
"""

import os
import signal
from pathlib import Path

from . import event_stream

STOP_FILE_ENV = "ALW_STOP_FILE"


class StopFile:
    def __init__(self, output_dir: Path) -> None:
        self.path = Path(os.environ.get(STOP_FILE_ENV) or output_dir / "STOP")

    def exists(self) -> bool:
        return self.path.exists()

    def touch(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.touch()

    def consume(self) -> None:
        self.path.unlink(missing_ok=True)

    def warn_if_left_over(self) -> None:
        if self.exists():
            event_stream.warn(f"{self.path} exists: stop requested before training, so this run stops at once")


class Cancelled(BaseException):
    """Raised by the SIGTERM handler while there is no training loop to stop cleanly, or at a second SIGTERM
    (stop now, keeping the last checkpoint saved). A BaseException, like
    KeyboardInterrupt, so library code catching `Exception` does not swallow it."""


class StopRequest:
    # Why a stop was asked for, ordered so that the ranks' agreement (a MAX over these codes) keeps the stop file,
    # the reason a multi-process run is normally stopped by.
    NONE, SIGNAL, FILE = 0, 1, 2

    def __init__(self) -> None:
        self.reason = StopRequest.NONE
        self.training_started = False
        self.stop_file: StopFile | None = None
        self._announced = False
        self._signals = 0

    @property
    def requested(self) -> bool:
        return self.reason != StopRequest.NONE

    def install(self) -> None:
        signal.signal(signal.SIGTERM, self._on_signal)

    def watch(self, stop_file: StopFile) -> None:
        self.stop_file = stop_file
        stop_file.warn_if_left_over()

    def poll(self) -> int:
        """This process's reason to stop, from a signal or the stop file (one stat per call)."""
        if not self.requested and self.stop_file is not None and self.stop_file.exists():
            self.reason = StopRequest.FILE
        return self.reason

    def agree(self, reason: int) -> bool:
        """Takes the reason every rank agreed on (or this process's own), says once why the run stops, and
        returns whether it stops. Said after the agreement so that rank 0, whose events the editor reads, names
        the stop file even when only another rank saw it in time."""
        self.reason = max(self.reason, reason)  # a signal may have come in while the ranks were agreeing
        if self.requested and not self._announced:
            self._announced = True
            why = f"through {self.stop_file.path}" if reason == StopRequest.FILE and self.stop_file else "by SIGTERM"
            event_stream.log(f"stop requested {why}: saving a checkpoint")
        return self.requested

    def consume(self) -> None:
        if self.stop_file is not None:
            self.stop_file.consume()

    def _on_signal(self, signum, frame) -> None:
        self.reason = max(self.reason, StopRequest.SIGNAL)
        self._signals += 1
        # Raised once only: a further signal must not interrupt the cancelled run's own clean-up.
        if self._signals == (1 if not self.training_started else 2):
            raise Cancelled()
