"""Byte-level BPE tokenizer trained offline on the corpus texts."""

from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
from transformers import PreTrainedTokenizerFast

from .chat_template import BOS_TOKEN, CHAT_TEMPLATE, END_OF_TURN_TOKEN, PAD_TOKEN, SPECIAL_TOKENS

VOCAB_SIZE = 2000


def train_tiny_tokenizer(texts: list[str], vocab_size: int = VOCAB_SIZE) -> PreTrainedTokenizerFast:
    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=SPECIAL_TOKENS,
        # Without the full byte alphabet, characters absent from the corpus (Latin, emoji) silently vanish.
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tokenizer.train_from_iterator(texts, trainer=trainer)
    wrapped = PreTrainedTokenizerFast(
        tokenizer_object=tokenizer,
        bos_token=BOS_TOKEN,
        eos_token=END_OF_TURN_TOKEN,
        pad_token=PAD_TOKEN,
        padding_side="right",
        model_max_length=2048,
    )
    wrapped.chat_template = CHAT_TEMPLATE
    return wrapped
