"""The trainer's torch floor: 2.6 or newer, where torch.load defaults to weights_only=True, so loading a
checkpoint cannot run code from it; the version the setup installs (torch==2.13.0) stays within the range."""

import tomllib
from pathlib import Path

from packaging.requirements import Requirement

PYPROJECT = Path(__file__).resolve().parents[2] / "trainer" / "pyproject.toml"


def torch_requirement() -> Requirement:
    dependencies = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["dependencies"]
    return next(Requirement(d) for d in dependencies if Requirement(d).name == "torch")


def test_torch_floor_is_weights_only_loading():
    spec = torch_requirement().specifier
    assert not spec.contains("2.5.1"), f"{spec} still admits torch 2.5 (torch.load not weights_only by default)"
    assert spec.contains("2.6.0")
    assert spec.contains("2.13.0"), f"{spec} must keep the installed torch==2.13.0"
