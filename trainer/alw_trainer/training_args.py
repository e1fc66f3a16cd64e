"""TrainingArguments fields shared by every stage (CPU-safe, quiet, checkpointing by steps)."""

import torch

from .run_config import RunConfig


def common_training_args(config: RunConfig) -> dict:
    t = config.training
    on_cuda = torch.cuda.is_available()
    return {
        "output_dir": str(config.output_dir),
        "max_steps": t.max_steps,
        "num_train_epochs": t.num_train_epochs,
        "learning_rate": t.learning_rate,
        "per_device_train_batch_size": t.per_device_train_batch_size,
        "gradient_accumulation_steps": t.gradient_accumulation_steps,
        "max_length": t.max_length,
        "seed": t.seed,
        "warmup_steps": t.warmup_steps,
        "weight_decay": t.weight_decay,
        "lr_scheduler_type": t.lr_scheduler_type,
        "logging_strategy": "steps",
        "logging_steps": t.logging_steps,
        "save_strategy": "steps",
        "save_steps": t.save_steps,
        "use_cpu": not on_cuda,
        "bf16": on_cuda and torch.cuda.is_bf16_supported(),
        "fp16": False,
        # TRL defaults to activation (gradient) checkpointing: slower, and pointless for small models.
        "activation_checkpointing": False,
        "report_to": "none",
        "dataloader_num_workers": 0,
        "disable_tqdm": True,
    }
