"""What makes a dataset record usable for each stage (None = usable, else the reason it is not)."""

CHAT_ROLES = ("system", "user", "assistant")


def _non_empty_string(value: object) -> bool:
    return isinstance(value, str) and value.strip() != ""


def check_chat_record(record: object) -> str | None:
    if not isinstance(record, dict):
        return "not a JSON object"
    messages = record.get("messages")
    if messages is None:
        return "no `messages` field"
    if not isinstance(messages, list) or not messages:
        return "`messages` is not a non-empty list"
    for index, message in enumerate(messages):
        if not isinstance(message, dict):
            return f"messages[{index}] is not an object"
        role = message.get("role")
        if role not in CHAT_ROLES:
            return f"messages[{index}] has role {role!r}, expected one of {', '.join(CHAT_ROLES)}"
        if "content" not in message:
            return f"messages[{index}] ({role}) has no `content`"
        if not _non_empty_string(message["content"]):
            return f"messages[{index}] ({role}) has empty or non-string `content`"
    if not any(message["role"] == "assistant" for message in messages):
        return "no assistant message"
    return None


def check_text_record(record: object) -> str | None:
    if not isinstance(record, dict):
        return "not a JSON object"
    if "text" not in record:
        return "no `text` field"
    if not _non_empty_string(record["text"]):
        return "`text` is empty or not a string"
    return None


def check_preference_record(record: object) -> str | None:
    if not isinstance(record, dict):
        return "not a JSON object"
    for field in ("prompt", "chosen", "rejected"):
        if field not in record:
            return f"no `{field}` field"
        if not _non_empty_string(record[field]):
            return f"`{field}` is empty or not a string"
    return None


def collect_strings(value: object) -> list[str]:
    """Every string inside a JSON value (used to gather tokenizer training text)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in collect_strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in collect_strings(item)]
    return []
