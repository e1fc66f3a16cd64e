"""Arabic LLM Workbench trainer: `python -m alw_trainer <command>`."""

__version__ = "0.1.0"
