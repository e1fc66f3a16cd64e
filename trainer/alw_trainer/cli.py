"""`python -m alw_trainer <command>`: argument parsing and dispatch. Heavy libraries load per command."""

import argparse
import sys

from . import __version__, event_stream
from .offline_env import apply_offline_defaults


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m alw_trainer", description="Arabic LLM Workbench trainer")
    commands = parser.add_subparsers(dest="command", required=True)

    tiny = commands.add_parser("init-tiny", help="build a ~1M-parameter Llama and its tokenizer offline")
    tiny.add_argument("--corpus", nargs="+", required=True, metavar="F", help="JSONL files whose strings train the tokenizer")
    tiny.add_argument("--out", required=True, metavar="DIR")
    tiny.add_argument("--seed", type=int, default=42)

    run = commands.add_parser("run", help="train a run config, one JSON event per line on stdout")
    run.add_argument("config", metavar="CONFIG")
    run.add_argument("--output-dir", metavar="DIR")
    run.add_argument("--resume", metavar="CKPT|latest")

    export = commands.add_parser("export-onnx", help="export a reward model for the Node scorer")
    export.add_argument("--model", required=True, metavar="DIR")
    export.add_argument("--out", required=True, metavar="DIR")
    export.add_argument("--max-length", type=int, metavar="N")

    score = commands.add_parser("score", help="PyTorch reward scores of responses to one prompt")
    score.add_argument("--model", required=True, metavar="DIR")
    score.add_argument("--prompt", required=True, metavar="P")
    score.add_argument("--response", required=True, action="append", metavar="R")
    score.add_argument("--max-length", type=int, metavar="N")

    commands.add_parser("version", help="print the package version")
    return parser


def _init_tiny(args) -> dict:
    from .tiny_model import build_tiny_model

    def warn(message: str) -> None:
        print(f"warning: {message}", file=sys.stderr)

    return build_tiny_model(args.corpus, args.out, args.seed, warn)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "version":
        print(__version__)
        return 0

    apply_offline_defaults()
    event_stream.claim_stdout()
    if args.command == "run":
        from .run_command import run

        return run(args.config, args.output_dir, args.resume)

    from .run_command import report_error

    try:
        if args.command == "init-tiny":
            result = _init_tiny(args)
        elif args.command == "export-onnx":
            from .onnx_export import export_onnx

            result = export_onnx(args.model, args.out, args.max_length)
        else:
            from .score_command import score

            result = score(args.model, args.prompt, args.response, args.max_length)
    except Exception as error:
        report_error(error)
        return 1
    event_stream.write_line(result)
    return 0
