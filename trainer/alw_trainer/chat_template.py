"""The chat format shared by training, scoring and the Node scorer.

The template is one line of plain Jinja (loops, if, string concatenation) so Python's Jinja and
@huggingface/jinja render it byte for byte the same. The assistant turn, including its end-of-turn token,
sits inside {% generation %} so TRL's assistant-only loss trains the model to stop.
"""

BOS_TOKEN = "<s>"
END_OF_TURN_TOKEN = "<|end|>"
PAD_TOKEN = "<pad>"
ROLE_TOKENS = ["<|system|>", "<|user|>", "<|assistant|>"]
# Order fixes the ids: <pad>=0, <s>=1, <|end|>=2, then the role markers.
SPECIAL_TOKENS = [PAD_TOKEN, BOS_TOKEN, END_OF_TURN_TOKEN, *ROLE_TOKENS]

CHAT_TEMPLATE = (
    "{{ bos_token }}"
    "{% for message in messages %}"
    "{% if message['role'] == 'assistant' %}"
    "{{ '<|assistant|>\n' }}{% generation %}{{ message['content'] + '<|end|>' }}{% endgeneration %}"
    "{% else %}"
    "{{ '<|' + message['role'] + '|>\n' + message['content'] + '<|end|>' }}"
    "{% endif %}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|assistant|>\n' }}{% endif %}"
)
