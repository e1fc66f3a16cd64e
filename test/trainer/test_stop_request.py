"""StopRequest: the reason a run stops is said once, after the ranks agree, naming the stop file even when only
another rank saw it (the engine reads rank 0's events only)."""

import json

import pytest

from alw_trainer.stop_request import Cancelled, StopFile, StopRequest


def _logs(capsys) -> list[str]:
    return [e["message"] for e in map(json.loads, capsys.readouterr().out.splitlines()) if e["type"] == "log"]


def test_rank_that_missed_the_file_names_it_after_the_agreement(tmp_path, capsys):
    stop = StopRequest()
    stop.watch(StopFile(tmp_path))
    assert stop.poll() == StopRequest.NONE  # the file is not there yet when this rank looks
    assert stop.agree(StopRequest.FILE)  # another rank saw it
    assert stop.agree(StopRequest.FILE)  # said once only
    assert _logs(capsys) == [f"stop requested through {tmp_path / 'STOP'}: saving a checkpoint"]


def test_stop_file_seen_locally_and_sigterm(tmp_path, capsys):
    stop = StopRequest()
    stop.watch(StopFile(tmp_path))
    assert not stop.agree(stop.poll())
    (tmp_path / "STOP").touch()
    assert stop.poll() == StopRequest.FILE and stop.agree(stop.poll())
    signalled = StopRequest()
    signalled.training_started = True
    signalled._on_signal(15, None)
    assert signalled.agree(signalled.poll())
    assert _logs(capsys) == [f"stop requested through {tmp_path / 'STOP'}: saving a checkpoint",
                             "stop requested by SIGTERM: saving a checkpoint"]


def test_second_sigterm_during_training_stops_at_once_and_only_once():
    stop = StopRequest()
    stop.training_started = True
    stop._on_signal(15, None)  # the first cancel: finish the step, checkpoint
    assert stop.requested
    with pytest.raises(Cancelled):
        stop._on_signal(15, None)  # the second cancel: now
    stop._on_signal(15, None)  # a third signal does not interrupt the clean-up


def test_sigterm_before_training_cancels_at_once():
    stop = StopRequest()
    with pytest.raises(Cancelled):
        stop._on_signal(15, None)
    stop._on_signal(15, None)


def test_a_signal_during_the_agreement_is_kept():
    stop = StopRequest()
    stop.training_started = True
    reason = stop.poll()
    stop._on_signal(15, None)  # arrives while the ranks agree on `reason` (NONE)
    assert stop.agree(reason)
