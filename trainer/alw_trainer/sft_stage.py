"""`stage: sft` — TRL SFTTrainer on `messages` chat data, loss on assistant turns only."""

from transformers import AutoModelForCausalLM, AutoTokenizer
from trl import SFTConfig, SFTTrainer

from .lora_setup import lora_config
from .run_config import RunConfig
from .training_args import common_training_args
from .training_data import chat_dataset


def build_sft_trainer(config: RunConfig, callbacks: list):
    tokenizer = AutoTokenizer.from_pretrained(config.model_path)
    dataset = chat_dataset(config.train_files)
    model = AutoModelForCausalLM.from_pretrained(config.model_path, dtype="float32")
    args = SFTConfig(
        **common_training_args(config),
        assistant_only_loss=config.training.assistant_only_loss,
        packing=False,
        dataset_num_proc=None,
    )
    return SFTTrainer(
        model=model,
        args=args,
        train_dataset=dataset,
        processing_class=tokenizer,
        callbacks=callbacks,
        peft_config=lora_config(config.lora, "CAUSAL_LM") if config.method == "lora" else None,
    )
