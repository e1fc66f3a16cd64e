"""The YAML run config (docs/architecture.md): loaded, checked, paths made absolute, defaults filled in."""

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from .acegpt_template import CHAT_TEMPLATES
from .errors import BadConfig, MissingFile
from .offline_env import NETWORK_VARIABLE, network_allowed

STAGES = ("sft", "reward", "pretrain", "dpo", "rlaif", "eval")
# qlora: LoRA over a 4-bit (bitsandbytes nf4) base; needs a CUDA GPU (lora_setup.require_qlora_support).
METHODS = ("full", "lora", "qlora")
RLAIF_ALGORITHMS = ("grpo", "rloo")
MODEL_KEYS = ("path", "hub_id", "create_tiny_if_missing", "tiny_corpus")
# A Hub repository id: `name` or `org/name` (letters, digits, `-`, `_`, `.`).
HUB_ID = re.compile(r"[\w.-]+(/[\w.-]+)?", re.ASCII)


@dataclass
class LoraSettings:
    r: int = 8
    alpha: int = 16
    dropout: float = 0.05
    target_modules: list[str] = field(default_factory=lambda: ["q_proj", "k_proj", "v_proj", "o_proj"])


@dataclass
class TrainingSettings:
    max_steps: int = -1
    num_train_epochs: float = 1.0
    learning_rate: float = 5.0e-5
    per_device_train_batch_size: int = 4
    gradient_accumulation_steps: int = 1
    max_length: int = 512
    seed: int = 42
    save_steps: int = 50
    logging_steps: int = 1
    warmup_steps: int = 0
    weight_decay: float = 0.0
    lr_scheduler_type: str = "linear"
    # SFT only: compute the loss on assistant turns only (needs {% generation %} in the chat template).
    assistant_only_loss: bool = True
    # sft only: `model` (the tokenizer's own chat template) or `acegpt` (Llama-2 [INST] <<SYS>> with the Arabic
    # system prompt; `system_prompt` replaces that prompt when set).
    chat_template: str = "model"
    system_prompt: str = ""
    # pretrain only: pack the tokenized texts into max_length rows (TRL's CPU-safe "wrapped" strategy).
    packing: bool = False
    # dpo only: how far the policy may move from the reference model (higher = closer).
    beta: float = 0.1


@dataclass
class RlaifSettings:
    """`rlaif:` — online RL from AI feedback, the reward coming from a trained reward model."""

    algorithm: str = "grpo"
    # The reward model folder (a `stage: reward` output); resolved against the config file.
    reward_model: str = ""
    # Completions sampled per prompt; per_device_train_batch_size × gradient_accumulation_steps must be a multiple.
    num_generations: int = 4
    max_completion_length: int = 128
    temperature: float = 1.0
    # KL penalty towards the starting policy; 0 loads no reference model and so reports no `kl`.
    beta: float = 0.04


@dataclass
class EvaluationSettings:
    """`evaluation:` (stage eval) — answer a requests file with the model (REQUESTS-FORMAT.md)."""

    # The requests JSONL file; resolved against the config file.
    requests: str = ""
    # Requests answered per batch (and rows per forward pass); results are flushed after each batch.
    batch_size: int = 8
    # The context budget in tokens; None: the model's max_position_embeddings.
    max_length: int | None = None


# Training keys that only one stage reads; set for another stage they are reported and ignored.
STAGE_ONLY_KEYS = {
    "assistant_only_loss": "sft", "chat_template": "sft", "system_prompt": "sft", "packing": "pretrain", "beta": "dpo",
}


@dataclass
class MixSource:
    path: Path
    weight: float


@dataclass
class RunConfig:
    config_path: Path
    stage: str
    # A local folder, or (with network on) the `model.hub_id` string that from_pretrained downloads.
    model_path: Path | str
    create_tiny_if_missing: bool
    tiny_corpus: list[Path]
    train_files: list[Path]
    method: str
    training: TrainingSettings
    lora: LoraSettings
    output_dir: Path
    unknown_keys: list[str]
    # `data.mix` (pretrain): sources sampled by weight; their paths are also in train_files.
    mix: list[MixSource] = field(default_factory=list)
    # Keys that are valid but do nothing for this config (reported as warnings).
    ignored_keys: list[str] = field(default_factory=list)
    # `rlaif:` settings (stage rlaif only; reward_model is then an absolute path).
    rlaif: RlaifSettings = field(default_factory=RlaifSettings)
    # `launcher:` as written (how to start the run: local or accelerate); interpreted by launch.py.
    launcher: dict = field(default_factory=dict)
    # `evaluation:` settings (stage eval only; requests is then an absolute path).
    evaluation: EvaluationSettings = field(default_factory=EvaluationSettings)

    @property
    def hub_id(self) -> str:
        return self.model_path if isinstance(self.model_path, str) else ""

    def resolved(self) -> dict:
        """The config as written back for the record: every path absolute, defaults filled in."""
        if self.stage == "eval":
            return {
                "stage": self.stage,
                "model": self._resolved_model(),
                "evaluation": asdict(self.evaluation),
                "launcher": self.launcher,
                "output_dir": str(self.output_dir),
            }
        return {
            "stage": self.stage,
            "model": self._resolved_model(),
            "data": (
                {"mix": [{"path": str(m.path), "weight": m.weight} for m in self.mix]}
                if self.mix
                else {"train": [str(p) for p in self.train_files]}
            ),
            "method": self.method,
            "training": asdict(self.training),
            "lora": asdict(self.lora),
            **({"rlaif": asdict(self.rlaif)} if self.stage == "rlaif" else {}),
            "launcher": self.launcher,
            "output_dir": str(self.output_dir),
        }

    def _resolved_model(self) -> dict:
        model = {
            ("hub_id" if self.hub_id else "path"): str(self.model_path),
            "create_tiny_if_missing": self.create_tiny_if_missing,
        }
        if self.tiny_corpus:
            model["tiny_corpus"] = [str(p) for p in self.tiny_corpus]
        return model


def _section(raw: dict, name: str) -> dict:
    value = raw.get(name) or {}
    if not isinstance(value, dict):
        raise BadConfig(f"`{name}` must be a mapping")
    return value


def _hub_id(model: dict) -> str:
    """`model.hub_id` ("org/name"), allowed only when the user turned network on; "" for a local `model.path`."""
    if "hub_id" not in model:
        if not isinstance(model.get("path"), str) or not model["path"]:
            raise BadConfig("`model.path` is required (a local model folder; or `model.hub_id` with network on)")
        return ""
    if "path" in model:
        raise BadConfig("set either `model.path` or `model.hub_id`, not both")
    hub_id = model["hub_id"]
    if not isinstance(hub_id, str) or not HUB_ID.fullmatch(hub_id):
        raise BadConfig(f"`model.hub_id` must be a Hugging Face Hub id such as org/name (got {hub_id!r})")
    if not network_allowed():
        raise BadConfig(
            f"`model.hub_id: {hub_id}` needs the network, and network is off: set {NETWORK_VARIABLE}=1 to let the"
            " trainer download it from the Hugging Face Hub (or set `model.path` to a local model folder)"
        )
    return hub_id


def _paths(value: object, base: Path, key: str) -> list[Path]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(item, str) and item for item in items):
        raise BadConfig(f"`{key}` must be a path or a non-empty list of paths")
    return [(base / item).resolve() for item in items]


def _mix(value: object, base: Path, unknown: list[str]) -> list[MixSource]:
    """`data.mix: [{path, weight}, ...]` — weights are positive numbers, relative to each other."""
    if not isinstance(value, list) or not value:
        raise BadConfig("`data.mix` must be a non-empty list of {path, weight} mappings")
    sources = []
    for index, item in enumerate(value):
        key = f"data.mix[{index}]"
        if not isinstance(item, dict) or not isinstance(item.get("path"), str) or not item["path"]:
            raise BadConfig(f"`{key}` must be a mapping with a `path`")
        weight = item.get("weight", 1)
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 < weight < float("inf"):
            raise BadConfig(f"`{key}.weight` must be a positive number (got {weight!r})")
        unknown += [f"{key}.{name}" for name in item if name not in ("path", "weight")]
        sources.append(MixSource(path=(base / item["path"]).resolve(), weight=float(weight)))
    return sources


def _fill(settings, values: dict, section: str, unknown: list[str]):
    """Copies known keys onto a settings dataclass, coercing to the default's type."""
    for key, value in values.items():
        if not hasattr(settings, key):
            unknown.append(f"{section}.{key}")
            continue
        default = getattr(settings, key)
        try:
            if isinstance(default, bool):
                if not isinstance(value, bool):
                    raise ValueError
            elif isinstance(default, int):
                if isinstance(value, bool) or float(value) != int(float(value)):
                    raise ValueError
                value = int(float(value))
            elif isinstance(default, float):
                if isinstance(value, bool):
                    raise ValueError
                value = float(value)
            elif isinstance(default, str):
                value = str(value)
            elif isinstance(default, list):
                if not isinstance(value, list):
                    raise ValueError
        except (TypeError, ValueError):
            raise BadConfig(f"`{section}.{key}` has an invalid value: {value!r}") from None
        setattr(settings, key, value)
    return settings


def _rlaif(values: dict, base: Path, training: TrainingSettings, unknown: list[str]) -> RlaifSettings:
    settings = _fill(RlaifSettings(), values, "rlaif", unknown)
    if settings.algorithm not in RLAIF_ALGORITHMS:
        raise BadConfig(f"`rlaif.algorithm` must be one of {', '.join(RLAIF_ALGORITHMS)} (got {settings.algorithm!r})")
    if not isinstance(values.get("reward_model"), str) or not values["reward_model"]:
        raise BadConfig("`rlaif.reward_model` is required: the folder of a trained reward model (a stage reward output)")
    settings.reward_model = str((base / settings.reward_model).resolve())
    if settings.num_generations < 2:
        raise BadConfig("`rlaif.num_generations` must be at least 2 (advantages compare completions of one prompt)")
    batch = training.per_device_train_batch_size * training.gradient_accumulation_steps
    if batch % settings.num_generations:
        raise BadConfig(
            f"`rlaif.num_generations` ({settings.num_generations}) must divide training.per_device_train_batch_size"
            f" × training.gradient_accumulation_steps ({batch}): each batch holds whole groups of completions"
        )
    if settings.max_completion_length <= 0:
        raise BadConfig("`rlaif.max_completion_length` must be positive")
    if settings.temperature <= 0:
        raise BadConfig("`rlaif.temperature` must be positive")
    if settings.beta < 0:
        raise BadConfig("`rlaif.beta` must be zero or positive")
    return settings


def read_config_mapping(config_path: str | Path) -> dict:
    """The YAML file as a mapping (before any checking of its keys)."""
    path = Path(config_path).resolve()
    if not path.is_file():
        raise MissingFile(f"config file not found: {path}")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise BadConfig(f"{path}: invalid YAML: {error}") from None
    if not isinstance(raw, dict):
        raise BadConfig(f"{path}: the config must be a YAML mapping")
    return raw


def load_run_config(config_path: str | Path, output_dir: str | None = None) -> RunConfig:
    path = Path(config_path).resolve()
    raw = read_config_mapping(path)
    base = path.parent
    sections = (
        "stage", "model", "data", "method", "training", "lora", "rlaif", "evaluation", "launcher", "output_dir",
    )
    unknown = [key for key in raw if key not in sections]

    stage = raw.get("stage")
    if stage not in STAGES:
        raise BadConfig(f"`stage` must be one of {', '.join(STAGES)} (got {stage!r})")
    method = raw.get("method", "full")
    if method not in METHODS:
        raise BadConfig(f"`method` must be one of {', '.join(METHODS)} (got {method!r})")

    # `model: path` is short for `model: {path: path}` (as the editor writes it).
    model = {"path": raw["model"]} if isinstance(raw.get("model"), str) else _section(raw, "model")
    hub_id = _hub_id(model)
    model_path = hub_id or (base / model["path"]).resolve()
    create_tiny = model.get("create_tiny_if_missing", False)
    if not isinstance(create_tiny, bool):
        raise BadConfig("`model.create_tiny_if_missing` must be true or false")
    if hub_id and create_tiny:
        raise BadConfig("`model.create_tiny_if_missing` needs a local `model.path`, not `model.hub_id`")
    unknown += [f"model.{key}" for key in model if key not in MODEL_KEYS]

    if stage == "eval":
        return _eval_config(path, raw, model_path, create_tiny, model, unknown, output_dir)

    data = _section(raw, "data")
    mix = _mix(data["mix"], base, unknown) if "mix" in data else []
    if mix and stage != "pretrain":
        raise BadConfig(f"`data.mix` is only supported for stage pretrain (got stage {stage})")
    if mix and "train" in data:
        raise BadConfig("set either `data.train` or `data.mix`, not both")
    if not mix and "train" not in data:
        raise BadConfig("`data.train` is required" + (" (or `data.mix`)" if stage == "pretrain" else ""))
    train_files = [source.path for source in mix] if mix else _paths(data["train"], base, "data.train")
    unknown += [f"data.{key}" for key in data if key not in ("train", "mix")]

    tiny_corpus = _paths(model["tiny_corpus"], base, "model.tiny_corpus") if "tiny_corpus" in model else train_files

    training = _fill(TrainingSettings(), _section(raw, "training"), "training", unknown)
    if training.max_steps <= 0 and training.num_train_epochs <= 0:
        raise BadConfig("set `training.max_steps` or `training.num_train_epochs` to a positive number")
    for key in ("per_device_train_batch_size", "gradient_accumulation_steps", "max_length", "save_steps", "logging_steps"):
        if getattr(training, key) <= 0:
            raise BadConfig(f"`training.{key}` must be positive")
    if training.chat_template not in CHAT_TEMPLATES:
        raise BadConfig(f"`training.chat_template` must be one of {', '.join(CHAT_TEMPLATES)} (got {training.chat_template!r})")
    lora = _fill(LoraSettings(), _section(raw, "lora"), "lora", unknown)
    ignored = [
        f"training.{key} (stage {only} only)"
        for key, only in STAGE_ONLY_KEYS.items()
        if key in _section(raw, "training") and stage != only
    ]
    rlaif = _rlaif(_section(raw, "rlaif"), base, training, unknown) if stage == "rlaif" else RlaifSettings()
    if stage != "rlaif" and "rlaif" in raw:
        ignored.append("rlaif (stage rlaif only)")
    if "evaluation" in raw:
        ignored.append("evaluation (stage eval only)")

    out = _output_dir(path, raw, output_dir)
    config = RunConfig(
        config_path=path,
        stage=stage,
        model_path=model_path,
        create_tiny_if_missing=create_tiny,
        tiny_corpus=tiny_corpus,
        train_files=train_files,
        method=method,
        training=training,
        lora=lora,
        output_dir=out,
        unknown_keys=unknown,
        mix=mix,
        ignored_keys=ignored,
        rlaif=rlaif,
        launcher=_section(raw, "launcher"),
    )
    check_files_exist(config)
    return config


def _output_dir(path: Path, raw: dict, output_dir: str | None) -> Path:
    if output_dir is not None:
        return Path(output_dir).resolve()
    if isinstance(raw.get("output_dir"), str):
        return (path.parent / raw["output_dir"]).resolve()
    return (path.parent / "outputs" / path.stem).resolve()


def _evaluation(values: dict, base: Path, unknown: list[str]) -> EvaluationSettings:
    settings = _fill(EvaluationSettings(), values, "evaluation", unknown)
    if not isinstance(values.get("requests"), str) or not values["requests"]:
        raise BadConfig("`evaluation.requests` is required: the JSONL file of requests to answer")
    settings.requests = str((base / settings.requests).resolve())
    if settings.batch_size <= 0:
        raise BadConfig("`evaluation.batch_size` must be positive")
    length = settings.max_length
    if length is not None and (isinstance(length, bool) or not isinstance(length, int) or length <= 0):
        raise BadConfig(f"`evaluation.max_length` must be a positive whole number of tokens (got {length!r})")
    return settings


def _eval_config(path: Path, raw: dict, model_path, create_tiny: bool, model: dict, unknown: list[str],
                 output_dir: str | None) -> RunConfig:
    """`stage: eval`: a model and an `evaluation:` block; the training sections do not apply."""
    base = path.parent
    if create_tiny and "tiny_corpus" not in model:
        raise BadConfig("stage eval with `model.create_tiny_if_missing` needs `model.tiny_corpus` (there is no data.train)")
    tiny_corpus = _paths(model["tiny_corpus"], base, "model.tiny_corpus") if "tiny_corpus" in model else []
    launcher = _section(raw, "launcher")
    if launcher.get("type", "local") != "local":
        raise BadConfig("stage eval runs as one local process: remove `launcher` or set `launcher.type: local`")
    settings = _evaluation(_section(raw, "evaluation"), base, unknown)
    config = RunConfig(
        config_path=path,
        stage="eval",
        model_path=model_path,
        create_tiny_if_missing=create_tiny,
        tiny_corpus=tiny_corpus,
        train_files=[],
        method="full",
        training=TrainingSettings(),
        lora=LoraSettings(),
        output_dir=_output_dir(path, raw, output_dir),
        unknown_keys=unknown,
        ignored_keys=[f"{key} (not read by stage eval)" for key in ("data", "method", "training", "lora", "rlaif") if key in raw],
        launcher=launcher,
        evaluation=settings,
    )
    check_files_exist(config)
    return config


def check_files_exist(config: RunConfig) -> None:
    """Fails fast, before any heavy import, on every input file the run would need."""
    for train_file in config.train_files:
        if not train_file.is_file():
            key = "data.mix" if config.mix else "data.train"
            raise MissingFile(f"training data not found: {train_file} ({key} in {config.config_path})")
    if config.stage == "rlaif" and not (Path(config.rlaif.reward_model) / "config.json").is_file():
        raise MissingFile(
            f"reward model not found: {config.rlaif.reward_model} (no config.json; rlaif.reward_model in"
            f" {config.config_path})"
        )
    if config.stage == "eval" and not Path(config.evaluation.requests).is_file():
        raise MissingFile(f"requests file not found: {config.evaluation.requests} (evaluation.requests in {config.config_path})")
    if config.hub_id:
        return
    model_present = (config.model_path / "config.json").is_file()
    if config.stage == "eval":  # a LoRA adapter folder is evaluated as its base plus the adapter
        model_present = model_present or (config.model_path / "adapter_config.json").is_file()
    if not model_present:
        if not config.create_tiny_if_missing:
            raise MissingFile(
                f"model not found: {config.model_path} (no config.json); set model.create_tiny_if_missing to build one"
            )
        for corpus_file in config.tiny_corpus:
            if not corpus_file.is_file():
                raise MissingFile(f"tiny-model corpus not found: {corpus_file} (model.tiny_corpus)")
