"""`stage: reward` — TRL RewardTrainer: a one-score sequence classifier on prompt/chosen/rejected pairs."""

from transformers import AutoModelForSequenceClassification, AutoTokenizer
from trl import RewardConfig, RewardTrainer

from .lora_setup import lora_config
from .run_config import RunConfig
from .training_args import common_training_args
from .training_data import preference_dataset


def load_reward_model(model_dir, tokenizer):
    model = AutoModelForSequenceClassification.from_pretrained(model_dir, num_labels=1, dtype="float32")
    # Sequence-classification pooling reads the score at the last non-pad token.
    model.config.pad_token_id = tokenizer.pad_token_id
    return model


def build_reward_trainer(config: RunConfig, callbacks: list):
    tokenizer = AutoTokenizer.from_pretrained(config.model_path)
    dataset = preference_dataset(config.train_files, tokenizer, config.training.max_length)
    model = load_reward_model(config.model_path, tokenizer)
    args = RewardConfig(**common_training_args(config), dataset_num_proc=None)
    return RewardTrainer(
        model=model,
        args=args,
        train_dataset=dataset,
        processing_class=tokenizer,
        callbacks=callbacks,
        peft_config=lora_config(config.lora, "SEQ_CLS") if config.method == "lora" else None,
    )
