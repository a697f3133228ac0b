"""Property-based fuzzing of everything SG Desktop reads from outside: protocol files, office cards, the
key file and JSON given to `add --from-json`.

Each target may refuse its input, but only with one of the project's own errors, in one line that quotes
none of the input's text, and without writing anything. CI runs a bounded number of examples per target
(SG_FUZZ_EXAMPLES, 200 by default; `tests/fuzz/run_long.py` runs more) and prints how many ran.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from sg_desktop.app.failures import is_expected

EXAMPLES = int(os.environ.get("SG_FUZZ_EXAMPLES", "200"))
RUNS: Counter[str] = Counter()
MARKER = "Qz9MarkerQz9"
"""Put into generated text; no message may repeat it."""


def fuzz(examples: int = EXAMPLES) -> settings:
    """Settings for one target: bounded, no deadline (the first example warms caches), no saved database."""
    return settings(
        max_examples=max(1, examples),
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                               HealthCheck.function_scoped_fixture],
    )


def refused_calmly(exc: BaseException) -> None:
    """Assert `exc` is one of ours, one line, and quotes no generated text; re-raise anything else."""
    if not is_expected(exc):
        raise exc
    message = str(exc)
    assert message, "an empty message"
    assert "\n" not in message and "\r" not in message, "a message of more than one line"
    assert MARKER not in message, "a message quotes the input's text"


class Raw:
    """JSON text put in place as it is (deep nesting, a number too long for Python's int)."""

    def __init__(self, text: str) -> None:
        self.text = text


class Pairs:
    """A JSON object written with these pairs in this order, so a key may appear twice."""

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        self.pairs = pairs


def dump(value: Any) -> str:
    """JSON text of `value`, where Raw and Pairs are written as they say."""
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, Pairs):
        return "{" + ",".join(f"{json.dumps(k)}:{dump(v)}" for k, v in value.pairs) + "}"
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(k)}:{dump(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(dump(v) for v in value) + "]"
    return json.dumps(value)  # escaped, so a lone surrogate reaches the parser as text


_HOSTILE_TEXT = st.one_of(
    st.text(max_size=30).map(lambda t: MARKER + t),
    st.sampled_from(["\x1b]0;x\x07\x1b[2J", "a\nb", "\r", "\u2028", "\u202e", "\ud800", "\x00", "", " "])
    .map(lambda t: MARKER + t + MARKER),
    st.integers(1, 5).map(lambda n: MARKER * (n * 10_000)),
)
LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([0, -1, 2**53, 2**63, 10**40, -(10**40)]),
    st.floats(allow_nan=False, allow_infinity=False),
    _HOSTILE_TEXT,
)
HOSTILE = st.one_of(
    LEAVES,
    st.sampled_from([Raw("1" + "0" * 5000), Raw("1e400"), Raw("NaN"), Raw("-Infinity"),
                     Raw("[" * 100_000 + "]" * 100_000), Raw('{"a":' * 50_000 + "1" + "}" * 50_000)]),
    st.lists(LEAVES, max_size=4),
    st.dictionaries(st.text(max_size=8), LEAVES, max_size=4),
)
"""Values that replace a field: wrong types, booleans for numbers, huge strings and numbers, deep
nesting, control characters."""


@st.composite
def mutated(draw: st.DrawFn, value: Any) -> Any:
    """`value` (parsed JSON) with one change somewhere inside: a value replaced, a key removed, added or
    written twice, an element dropped or added."""
    if isinstance(value, dict) and value and draw(st.integers(0, 3)) > 0:
        key = draw(st.sampled_from(sorted(value)))
        inner = dict(value)
        inner[key] = draw(mutated(value[key]))
        return inner
    if isinstance(value, list) and value and draw(st.integers(0, 3)) > 0:
        i = draw(st.integers(0, len(value) - 1))
        return [*value[:i], draw(mutated(value[i])), *value[i + 1:]]
    if isinstance(value, dict) and value:
        key = draw(st.sampled_from(sorted(value)))
        change = draw(st.sampled_from(["replace", "remove", "add", "twice", "twice-same"]))
        if change == "remove":
            return {k: v for k, v in value.items() if k != key}
        if change == "add":
            return {**value, draw(st.text(max_size=10)): draw(HOSTILE)}
        if change.startswith("twice"):
            again = value[key] if change == "twice-same" else draw(HOSTILE)
            return Pairs([*value.items(), (key, again)])
        return {**value, key: draw(HOSTILE)}
    if isinstance(value, list) and value and draw(st.booleans()):
        i = draw(st.integers(0, len(value) - 1))
        return [*value[:i], *value[i + 1:]] if draw(st.booleans()) else [*value, value[i]]
    if isinstance(value, list):
        return [*value, draw(HOSTILE)]
    return draw(HOSTILE)
