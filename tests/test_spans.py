"""mtqa.spans.Spans answers each question exactly as a scan of every span would."""

from hypothesis import given, strategies as st

from mtqa.spans import Spans

span = st.tuples(st.integers(0, 60), st.integers(0, 20)).map(lambda t: (t[0], t[0] + t[1]))  # empty spans too


@given(st.lists(span, max_size=12), st.integers(-2, 85), st.integers(0, 15))
def test_every_question_matches_a_scan(spans, start, width):
    end = start + width
    index = Spans(spans)
    assert index.covers(start) == any(a <= start < b for a, b in spans)
    assert index.contains(start, end) == any(a <= start and end <= b for a, b in spans)
    assert index.overlaps(start, end) == any(a < end and start < b for a, b in spans)
    assert len(index) == len(spans) and bool(index) == bool(spans)


def test_a_long_span_early_still_reaches_past_later_short_ones():
    index = Spans([(20, 22), (0, 100), (40, 41)])
    assert index.covers(60) and index.contains(50, 90) and index.overlaps(95, 120)
    assert not index.covers(100) and not index.contains(90, 101) and not index.overlaps(100, 120)


def test_no_spans_answer_no():
    index = Spans([])
    assert not index and not index.covers(0) and not index.contains(0, 0) and not index.overlaps(0, 5)
