"""Failures the trainer reports as an `error` event with a `cause` the editor can act on."""


class TrainerError(Exception):
    def __init__(self, message: str, cause: str):
        super().__init__(message)
        self.cause = cause


class BadConfig(TrainerError):
    def __init__(self, message: str):
        super().__init__(message, "bad_config")


class MissingFile(TrainerError):
    def __init__(self, message: str):
        super().__init__(message, "missing_file")


def classify(error: BaseException) -> str:
    if isinstance(error, TrainerError):
        return error.cause
    if isinstance(error, (ModuleNotFoundError, ImportError)):
        return "missing_dependency"
    if isinstance(error, FileNotFoundError):
        return "missing_file"
    if isinstance(error, MemoryError) or "out of memory" in str(error).lower():
        return "out_of_memory"
    if type(error).__name__ == "OutOfMemoryError":
        return "out_of_memory"
    return "unknown"
