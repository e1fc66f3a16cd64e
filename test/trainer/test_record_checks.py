from alw_trainer.jsonl_reader import read_jsonl
from alw_trainer.record_checks import check_chat_record, check_preference_record


def test_chat_checks():
    good = {"messages": [{"role": "user", "content": "سؤال"}, {"role": "assistant", "content": "جواب"}]}
    assert check_chat_record(good) is None
    assert "messages" in check_chat_record({"text": "x"})
    assert "content" in check_chat_record({"messages": [{"role": "user", "content": "q"}, {"role": "assistant"}]})
    assert "empty" in check_chat_record({"messages": [{"role": "assistant", "content": "  "}]})
    assert "assistant" in check_chat_record({"messages": [{"role": "user", "content": "q"}]})
    assert "role" in check_chat_record({"messages": [{"role": "bot", "content": "q"}]})
    assert check_chat_record([1, 2]) == "not a JSON object"


def test_preference_checks():
    assert check_preference_record({"prompt": "p", "chosen": "c", "rejected": "r"}) is None
    assert "rejected" in check_preference_record({"prompt": "p", "chosen": "c"})
    assert "chosen" in check_preference_record({"prompt": "p", "chosen": "", "rejected": "r"})


def test_reader_skips_bad_lines_naming_file_and_line(tmp_path):
    path = tmp_path / "data.jsonl"
    path.write_text('{"prompt": "p", "chosen": "c", "rejected": "r"}\n\n{broken\n{"prompt": "p"}\n', encoding="utf-8")
    warnings = []
    records = list(read_jsonl(path, check_preference_record, warnings.append))
    assert records == [{"prompt": "p", "chosen": "c", "rejected": "r"}]
    assert [w.split(": ")[0] for w in warnings] == [f"{path}:3", f"{path}:4"]
    assert "invalid JSON" in warnings[0] and "`chosen`" in warnings[1]
