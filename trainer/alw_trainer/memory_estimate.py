"""How much memory a run needs per device, from the model's config.json alone (the model is built on PyTorch's
meta device: shapes, no weights). A rule of thumb, stated, not a measurement.

With P parameters and T trainable LoRA parameters (r × (in + out) for each adapted linear layer):
- full fine-tuning with AdamW: fp32 weights 4 B + fp32 gradients 4 B + AdamW's two fp32 moments 8 B = 16 B × P
  (mixed precision keeps fp32 master weights, so it stays about 16 B);
- lora: frozen weights in the run's dtype, 4 B × P (the stages load fp32), plus 16 B × T;
- qlora: frozen 4-bit nf4 weights with their quantization constants, about 0.5 B × P, plus 16 B × T.
Sharding over N processes: ZeRO-3 and FSDP divide all of it by N; ZeRO-2 divides gradients and optimizer states.
Frozen extra models: dpo with method full keeps a reference copy (4 B × P); rlaif keeps the reward model (4 B per
reward-model parameter) and, when rlaif.beta > 0 with method full, a reference copy of the policy.
Stage eval trains nothing: weights in the eval dtype (2 B bf16 on a GPU, 4 B fp32 on CPU) × P, plus the key/value
cache of a batch at the context budget, 2 × layers × batch × max_length × hidden × that dtype, plus fp32 logits of
one position per row, 4 B × batch × vocab.
Activation allowance: 34 B × batch × max_length × hidden × layers for 16-bit activations (Korthikanti et al.
2022, "Reducing Activation Recomputation in Large Transformer Models", no recomputation), doubled for fp32 (CPU),
plus fp32 logits and their gradient, 8 B × batch × max_length × vocab.
"""

from dataclasses import dataclass
from pathlib import Path

from .errors import MissingFile
from .launch import Launcher

FULL_BYTES = 16
TRAINABLE_BYTES = 16
FROZEN_BYTES = {"full": 0.0, "lora": 4.0, "qlora": 0.5}
FP32_BYTES = 4
ACTIVATION_BYTES_16BIT = 34
LOGIT_BYTES = 8
# A checkpoint holds fp32 weights and the two AdamW moments of what is trained (gradients are not saved).
CHECKPOINT_BYTES = 12


@dataclass
class ModelShape:
    parameters: int
    # Parameters a LoRA adapter with the config's settings would add (and train).
    lora_trainable: int
    hidden_size: int
    layers: int
    vocab_size: int
    # Where the shape came from, for the explanation.
    source: str
    max_positions: int = 0


def _model_config(model_dir: Path, create_tiny: bool):
    if not (model_dir / "config.json").is_file() and (model_dir / "adapter_config.json").is_file():
        from .lora_setup import adapter_base  # stage eval of a LoRA adapter: the base's shape

        model_dir = adapter_base(model_dir)
    if (model_dir / "config.json").is_file():
        from transformers import AutoConfig

        return AutoConfig.from_pretrained(model_dir), "config.json"
    if create_tiny:
        from .tiny_model import tiny_llama_config
        from .tiny_tokenizer import VOCAB_SIZE

        return tiny_llama_config(VOCAB_SIZE), "the tiny model to be built (vocabulary at most %d)" % VOCAB_SIZE
    raise MissingFile(f"model not found: {model_dir} (no config.json)")


def model_shape(model_dir: Path, config) -> ModelShape:
    """The shape of the model `config` trains from `model_dir`, counted on the meta device."""
    import torch
    from transformers import AutoModelForCausalLM, AutoModelForSequenceClassification

    model_config, source = _model_config(Path(model_dir), config.create_tiny_if_missing)
    with torch.device("meta"):
        if config.stage == "reward":
            model_config.num_labels = 1
            model = AutoModelForSequenceClassification.from_config(model_config)
        else:
            model = AutoModelForCausalLM.from_config(model_config)
    targets = set(config.lora.target_modules)
    lora = sum(
        config.lora.r * (module.in_features + module.out_features)
        for name, module in model.named_modules()
        if isinstance(module, torch.nn.Linear) and name.rsplit(".", 1)[-1] in targets
    )
    text = model_config.get_text_config() if hasattr(model_config, "get_text_config") else model_config
    return ModelShape(
        parameters=sum(p.numel() for p in model.parameters()),
        lora_trainable=lora,
        hidden_size=int(getattr(text, "hidden_size", 0) or 0),
        layers=int(getattr(text, "num_hidden_layers", 0) or 0),
        vocab_size=int(getattr(text, "vocab_size", 0) or 0),
        source=source,
        max_positions=int(getattr(text, "max_position_embeddings", 0) or 0),
    )


def _reward_model_parameters(config) -> int:
    reward_dir = Path(config.rlaif.reward_model)
    if not (reward_dir / "config.json").is_file():
        return 0
    import torch
    from transformers import AutoConfig, AutoModelForSequenceClassification

    with torch.device("meta"):
        model = AutoModelForSequenceClassification.from_config(AutoConfig.from_pretrained(reward_dir))
    return sum(p.numel() for p in model.parameters())


def _frozen_extra(shape: ModelShape, config) -> tuple[float, str]:
    if config.stage == "dpo" and config.method == "full":
        return FP32_BYTES * shape.parameters, "frozen reference copy"
    if config.stage == "rlaif":
        extra = FP32_BYTES * _reward_model_parameters(config)
        if config.rlaif.beta > 0 and config.method == "full":
            return extra + FP32_BYTES * shape.parameters, "reward model and reference copy"
        return extra, "reward model"
    return 0.0, ""


def _mib(n: float) -> str:
    return f"{n / 1024**2:,.1f} MiB"


def _eval_estimate(shape: ModelShape, config, on_gpu: bool) -> dict:
    dtype = 2 if on_gpu else FP32_BYTES
    batch = config.evaluation.batch_size
    length = config.evaluation.max_length or shape.max_positions or 2048
    weights = dtype * shape.parameters
    cache = 2 * shape.layers * batch * length * shape.hidden_size * dtype
    logits = FP32_BYTES * batch * shape.vocab_size
    total = weights + cache + logits
    explanation = (
        f"evaluation (no training), weights {dtype} B/parameter; {shape.parameters:,} parameters from {shape.source}"
        f" → {_mib(weights)} + key/value cache 2 × {shape.layers} layers × batch {batch} × max_length {length} ×"
        f" hidden {shape.hidden_size} × {dtype} B + logits {FP32_BYTES} B × batch × vocabulary {shape.vocab_size}"
        f" = {_mib(cache + logits)}; per device {_mib(total)}"
    )
    return {"parameters": shape.parameters, "method": "eval", "perDeviceBytes": int(total), "fits": None,
            "explanation": explanation}


def estimate_memory(shape: ModelShape, config, launcher: Launcher, on_gpu: bool) -> dict:
    """`MemoryEstimate` (src/protocol/runs.ts) with `fits` left null for the caller to decide."""
    if config.stage == "eval":
        return _eval_estimate(shape, config, on_gpu)
    method = config.method
    p, processes = shape.parameters, launcher.num_processes
    if method == "full":
        weights, states = FP32_BYTES * p, (FULL_BYTES - FP32_BYTES) * p
        rule = f"full fine-tuning, fp32 weights + gradients + AdamW moments: {FULL_BYTES} B/parameter"
    else:
        weights = FROZEN_BYTES[method] * p + FP32_BYTES * shape.lora_trainable
        states = (TRAINABLE_BYTES - FP32_BYTES) * shape.lora_trainable
        rule = (
            f"{method}: frozen weights {FROZEN_BYTES[method]:g} B/parameter + {TRAINABLE_BYTES} B for each of"
            f" {shape.lora_trainable:,} adapter parameters (r={config.lora.r})"
        )
    if launcher.shards_weights:
        weights, states = weights / processes, states / processes
        rule += f", sharded over {processes} processes ({launcher.preset})"
    elif launcher.shards_optimizer:
        states = states / processes
        rule += f", gradients and optimizer states sharded over {processes} processes ({launcher.preset})"
    extra, extra_what = _frozen_extra(shape, config)
    if launcher.shards_weights:
        extra /= processes
    t = config.training
    tokens = t.per_device_train_batch_size * t.max_length
    activation_bytes = ACTIVATION_BYTES_16BIT * (1 if on_gpu else 2)
    activations = activation_bytes * tokens * shape.hidden_size * shape.layers + LOGIT_BYTES * tokens * shape.vocab_size
    total = weights + states + extra + activations
    explanation = (
        f"{rule}; {shape.parameters:,} parameters from {shape.source} → {_mib(weights + states)}"
        + (f" + {extra_what} {_mib(extra)}" if extra else "")
        + f" + activations ≈ {activation_bytes} B × {tokens} tokens (batch {t.per_device_train_batch_size} ×"
        f" max_length {t.max_length}) × hidden {shape.hidden_size} × {shape.layers} layers + logits {LOGIT_BYTES} B ×"
        f" tokens × vocabulary {shape.vocab_size} = {_mib(activations)}; per device {_mib(total)}"
    )
    return {
        "parameters": shape.parameters,
        "method": method,
        "perDeviceBytes": int(total),
        "fits": None,
        "explanation": explanation,
    }


def checkpoint_bytes(shape: ModelShape, config) -> tuple[int, int]:
    """Disk for one checkpoint and for the final model."""
    if config.stage == "eval":
        return 0, 0  # writes results only
    final = FP32_BYTES * shape.parameters
    if config.method == "full":
        return CHECKPOINT_BYTES * shape.parameters, final
    return CHECKPOINT_BYTES * shape.lora_trainable, final + FP32_BYTES * shape.lora_trainable
