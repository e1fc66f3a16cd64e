"""The one canonical prompt/response formatting, shared by reward training, `score`, ONNX export and
(through alw_scoring.json) the Node scorer."""


def pair_messages(prompt: str, response: str) -> list[dict]:
    return [{"role": "user", "content": prompt}, {"role": "assistant", "content": response}]


def format_pair(tokenizer, prompt: str, response: str) -> str:
    return tokenizer.apply_chat_template(pair_messages(prompt, response), tokenize=False, add_generation_prompt=False)


def encode_pair(tokenizer, prompt: str, response: str, max_length: int) -> list[int]:
    ids = tokenizer(format_pair(tokenizer, prompt, response), add_special_tokens=False)["input_ids"]
    return ids[:max_length]
