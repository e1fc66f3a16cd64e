"""PEFT LoRA settings for `method: lora`, and folding the adapter back into the base weights."""

from .run_config import LoraSettings


def lora_config(settings: LoraSettings, task_type: str):
    from peft import LoraConfig

    return LoraConfig(
        r=settings.r,
        lora_alpha=settings.alpha,
        lora_dropout=settings.dropout,
        target_modules=settings.target_modules,
        task_type=task_type,
    )


def merged_for_saving(model):
    """The final model is saved merged so `score`, `export-onnx` and later stages load it as a plain model."""
    from peft import PeftModel

    if isinstance(model, PeftModel):
        return model.merge_and_unload()
    return model
