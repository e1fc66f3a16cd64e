import json
import shutil
import subprocess

import pytest
from conftest import REPO
from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer

MESSAGES = [
    {"role": "system", "content": "أنت مساعد مفيد."},
    {"role": "user", "content": "ما عاصمة مصر؟"},
    {"role": "assistant", "content": "القاهرة."},
    {"role": "user", "content": "شكراً"},
]


@pytest.fixture(scope="module")
def tokenizer(tiny_model):
    return AutoTokenizer.from_pretrained(tiny_model)


@pytest.mark.parametrize("text", ["Hello, world!", "naïve café 😀🚀", "مرحبا بالعالم", "日本語 ∑ ≠ \t tabs"])
def test_tokenizer_round_trips_any_text(tokenizer, text):
    ids = tokenizer(text, add_special_tokens=False)["input_ids"]
    assert tokenizer.decode(ids) == text


def test_tokenizer_special_tokens(tokenizer):
    assert tokenizer.pad_token_id is not None and tokenizer.eos_token_id is not None
    assert tokenizer.pad_token_id != tokenizer.eos_token_id
    assert tokenizer.bos_token == "<s>"
    assert tokenizer.eos_token == "<|end|>"
    assert 1500 <= len(tokenizer) <= 2100


def test_chat_template_renders_turns_ending_in_eos(tokenizer):
    text = tokenizer.apply_chat_template(MESSAGES, tokenize=False)
    assert text == (
        "<s><|system|>\nأنت مساعد مفيد.<|end|><|user|>\nما عاصمة مصر؟<|end|>"
        "<|assistant|>\nالقاهرة.<|end|><|user|>\nشكراً<|end|>"
    )
    prompt = tokenizer.apply_chat_template(MESSAGES[:2], tokenize=False, add_generation_prompt=True)
    assert prompt.endswith("<|end|><|assistant|>\n")


def test_assistant_mask_covers_reply_and_end_of_turn(tokenizer):
    out = tokenizer.apply_chat_template(MESSAGES, tokenize=True, return_dict=True, return_assistant_tokens_mask=True)
    masked = [i for i, m in zip(out["input_ids"], out["assistant_masks"]) if m]
    assert tokenizer.decode(masked) == "القاهرة.<|end|>"
    from trl.chat_template_utils import is_chat_template_stop_token_trained

    assert is_chat_template_stop_token_trained(tokenizer)


def test_chat_template_renders_the_same_in_huggingface_jinja(tokenizer):
    node = shutil.which("node")
    if node is None or not (REPO / "node_modules" / "@huggingface" / "jinja").is_dir():
        pytest.skip("node or @huggingface/jinja not installed")
    script = (
        "import { Template } from '@huggingface/jinja';"
        "const [template, messages] = JSON.parse(process.argv[1]);"
        "process.stdout.write(new Template(template).render("
        "{ messages, bos_token: '<s>', eos_token: '<|end|>', add_generation_prompt: false }));"
    )
    payload = json.dumps([tokenizer.chat_template, MESSAGES])
    node_text = subprocess.run(
        [node, "--input-type=module", "-e", script, payload], capture_output=True, text=True, cwd=REPO, check=True
    ).stdout
    assert node_text == tokenizer.apply_chat_template(MESSAGES, tokenize=False)


def test_model_has_about_a_million_parameters(tiny_model):
    config = AutoConfig.from_pretrained(tiny_model)
    assert config.model_type == "llama" and config.tie_word_embeddings
    model = AutoModelForCausalLM.from_pretrained(tiny_model)
    assert 0.7e6 <= model.num_parameters() <= 1.5e6
