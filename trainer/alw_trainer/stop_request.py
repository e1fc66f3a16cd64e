"""SIGTERM handling: before training starts it cancels at once; during training it asks the trainer to
save a checkpoint and stop after the current step."""

import signal


class Cancelled(BaseException):
    """Raised by the SIGTERM handler while there is no training loop to stop cleanly. A BaseException, like
    KeyboardInterrupt, so library code catching `Exception` does not swallow it."""


class StopRequest:
    def __init__(self) -> None:
        self.requested = False
        self.training_started = False

    def install(self) -> None:
        signal.signal(signal.SIGTERM, self._on_signal)

    def _on_signal(self, signum, frame) -> None:
        self.requested = True
        if not self.training_started:
            raise Cancelled()
