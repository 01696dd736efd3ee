"""A document that runs past its time budget is refused with E205, and the run goes on."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

from dipcorpus import pipeline
from dipcorpus.model import Document


def _slow(doc: Document, ctx: pipeline.Context) -> Document:
    end = time.monotonic() + 5
    while time.monotonic() < end:  # a stage stuck in pure Python work
        sum(range(1000))
    return doc


def _doc() -> Document:
    return Document(id="0000000000000000", source="invented.txt", format="txt", text="An invented text.")


def test_alarm_stops_a_stage_past_the_budget() -> None:
    stage = pipeline.Stage(name="test.slow.v1", func=_slow)
    start = time.monotonic()
    out = pipeline.run(_doc(), [stage], pipeline.Context(options={"max_document_seconds": 0.2}))
    assert isinstance(out, pipeline.Rejected) and out.reason.startswith("E205") and out.stage == "test.slow.v1"
    assert time.monotonic() - start < 2
    quick = pipeline.Stage(name="test.quick.v1", func=lambda doc, ctx: doc)
    assert isinstance(pipeline.run(_doc(), [quick], pipeline.Context()), Document)  # the alarm is cleared


def test_alarm_stops_a_stage_past_the_budget_off_the_main_thread() -> None:
    """As on a Dask worker, whose tasks run in a thread of its own: a timer stops the stage, no signal;
    the timer of a run that ended in time never fires in the thread afterwards."""
    slow = pipeline.Stage(name="test.slow.v1", func=_slow)
    quick = pipeline.Stage(name="test.quick.v1", func=lambda doc, ctx: doc)
    budget = pipeline.Context(options={"max_document_seconds": 0.2})
    result: list[object] = []

    def work() -> None:
        start = time.monotonic()
        result.append(pipeline.run(_doc(), [slow], budget))
        result.append(time.monotonic() - start)
        result.append(pipeline.run(_doc(), [quick], budget))
        end = time.monotonic() + 0.5
        while time.monotonic() < end:  # past the quick run's budget, in Python code an alarm would stop
            sum(range(1000))
        result.append("not interrupted")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    out, seconds, fine, last = result
    assert isinstance(out, pipeline.Rejected) and out.reason.startswith("E205") and out.stage == "test.slow.v1"
    assert isinstance(seconds, float) and seconds < 2
    assert isinstance(fine, Document) and last == "not interrupted"


def test_budget_is_checked_between_stages_off_the_main_thread() -> None:
    def brief(doc: Document, ctx: pipeline.Context) -> Document:
        time.sleep(0.3)
        return doc

    stages = [pipeline.Stage(name=f"test.brief{k}.v1", func=brief) for k in range(3)]
    result: list[object] = []
    thread = threading.Thread(
        target=lambda: result.append(
            pipeline.run(_doc(), stages, pipeline.Context(options={"max_document_seconds": 0.1}))
        )
    )
    thread.start()
    thread.join()
    out = result[0]
    assert isinstance(out, pipeline.Rejected) and out.stage == "test.brief0.v1" and "E205" in out.reason


def _hungry(doc: Document, ctx: pipeline.Context) -> Document:
    held = [b"x" * (64 * 1024 * 1024) for _ in range(4)]  # 256 MB, written (so resident)
    end = time.monotonic() + 5
    while time.monotonic() < end:  # and the stage keeps going
        sum(range(1000))
    assert len(held) == 4
    return doc


def test_a_stage_past_the_memory_budget_is_stopped_with_e208() -> None:
    stage = pipeline.Stage(name="test.hungry.v1", func=_hungry)
    start = time.monotonic()
    out = pipeline.run(_doc(), [stage], pipeline.Context(options={"max_document_mb": 64}))
    assert isinstance(out, pipeline.Rejected) and out.reason.startswith("E208") and out.stage == "test.hungry.v1"
    assert "64 MB" in out.reason and time.monotonic() - start < 4  # stopped inside the stage
    quick = pipeline.Stage(name="test.quick.v1", func=lambda doc, ctx: doc)
    assert isinstance(pipeline.run(_doc(), [quick], pipeline.Context()), Document)  # the watch is over


def test_memory_budget_is_checked_between_stages_off_the_main_thread() -> None:
    def grab(doc: Document, ctx: pipeline.Context) -> Document:
        kept.append(b"y" * (128 * 1024 * 1024))
        return doc

    kept: list[bytes] = []
    stages = [pipeline.Stage(name=f"test.grab{k}.v1", func=grab) for k in range(2)]
    result: list[object] = []
    context = pipeline.Context(options={"max_document_mb": 64})
    thread = threading.Thread(target=lambda: result.append(pipeline.run(_doc(), stages, context)))
    thread.start()
    thread.join()
    out = result[0]
    assert isinstance(out, pipeline.Rejected) and out.stage == "test.grab0.v1" and "E208" in out.reason
    assert len(kept) == 1


def test_a_document_with_too_many_annotations_is_refused_with_e209() -> None:
    from dipcorpus.model import Sentence

    def split(doc: Document, ctx: pipeline.Context) -> Document:
        return replace(doc, sentences=tuple(Sentence(start=k, end=k + 1) for k in range(len(doc.text))))

    stage = pipeline.Stage(name="test.split.v1", func=split)
    out = pipeline.run(_doc(), [stage], pipeline.Context(options={"max_document_annotations": 10}))
    assert isinstance(out, pipeline.Rejected) and out.reason.startswith("E209") and "17 annotations" in out.reason
    assert isinstance(pipeline.run(_doc(), [stage], pipeline.Context()), Document)  # 17 is far below the default
