"""`stage: pretrain` — continued pre-training: TRL SFTTrainer on raw `text`, optionally packed and mixed."""

from .run_config import RunConfig
from .sft_stage import causal_lm_trainer
from .training_data import text_dataset


def build_pretrain_trainer(config: RunConfig, callbacks: list):
    return causal_lm_trainer(
        config,
        text_dataset(config.train_files, config.mix, config.training.seed),
        callbacks,
        # The field must be literally `text`: only then does TRL append EOS to every document.
        dataset_text_field="text",
        assistant_only_loss=False,
        packing=config.training.packing,
        # "bfd" (TRL's default) needs padding-free FlashAttention; "wrapped" cuts the token stream into
        # max_length rows and runs anywhere, CPU included.
        packing_strategy="wrapped",
    )
