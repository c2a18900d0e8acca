"""Generated input for the e2e fuzz tests: deterministic, and always sendable.

Every strategy here yields only what the HTTP client can put on the wire, so a run fails only
when a service answers wrongly, never because the client refused to send (the flaky case:
hypothesis drew the header `' @BEx;'`, and h11 refuses a value with a leading space).
`examples` draws with a fixed seed, so each run sends the same requests.
"""

from __future__ import annotations

from typing import Any

import h11
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st


def examples(strategy: st.SearchStrategy[Any], count: int) -> list[Any]:
    """Draw `count` values (derandomized: the same ones every run; no shrinking, they are
    sent as a batch)."""
    drawn: list[Any] = []

    @settings(
        max_examples=count,
        database=None,
        deadline=None,
        derandomize=True,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(value: Any) -> None:
        drawn.append(value)

    collect()
    return drawn[:count]


def sendable(value: bytes) -> bool:
    """Whether h11 (httpx's HTTP/1.1) will send `value` as a header value."""
    try:
        h11.Request(method="GET", target="/", headers=[(b"Host", b"x"), (b"X-Probe", value)])
    except h11.LocalProtocolError:
        return False
    return True


# Any character but controls and surrogates (which UTF-8 cannot encode).
_VISIBLE = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"))
_ASCII_VISIBLE = st.characters(min_codepoint=0x20, max_codepoint=0x7E)


def header_values(max_size: int = 200) -> st.SearchStrategy[bytes]:
    """Header values as bytes: printable ASCII, and UTF-8 beyond it (obs-text on the wire,
    which HTTP allows and a server must not fail on). Never a leading or trailing space or
    tab, never a control character: exactly what HTTP/1.1 lets a client send."""
    text = st.one_of(st.text(_ASCII_VISIBLE, max_size=max_size), st.text(_VISIBLE, max_size=60))
    return text.map(lambda t: t.encode().strip(b" \t")).filter(sendable)


def non_ascii_header_values() -> st.SearchStrategy[bytes]:
    """Header values with at least one byte beyond ASCII."""
    return header_values().filter(lambda v: any(b > 0x7E for b in v))


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(_VISIBLE),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=20,
)
