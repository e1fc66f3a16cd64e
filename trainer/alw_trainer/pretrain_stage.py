"""`stage: pretrain` — continued pre-training: TRL SFTTrainer on raw `text`, optionally packed and mixed."""

from transformers import AutoModelForCausalLM, AutoTokenizer
from trl import SFTConfig, SFTTrainer

from .lora_setup import lora_config
from .run_config import RunConfig
from .training_args import common_training_args
from .training_data import text_dataset


def build_pretrain_trainer(config: RunConfig, callbacks: list):
    tokenizer = AutoTokenizer.from_pretrained(config.model_path)
    dataset = text_dataset(config.train_files, config.mix, config.training.seed)
    model = AutoModelForCausalLM.from_pretrained(config.model_path, dtype="float32")
    args = SFTConfig(
        **common_training_args(config),
        # The field must be literally `text`: only then does TRL append EOS to every document.
        dataset_text_field="text",
        assistant_only_loss=False,
        packing=config.training.packing,
        # "bfd" (TRL's default) needs padding-free FlashAttention; "wrapped" cuts the token stream into
        # max_length rows and runs anywhere, CPU included.
        packing_strategy="wrapped",
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
