"""The summary's keys, the ratios to same-run ceilings and the issue's goals: pure, no I/O."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

REQUIRED_KEYS = (
    "e2e_jobs_per_s",
    "e2e_p99_s_at_half_rate",
    "e2e_p50_s_low_load",
    "pgbench_tps",
    "e2e_vs_pgbench",
    "webhooks_per_s",
    "echo_per_s",
    "webhooks_vs_echo",
    "webhook_p99_ms_at_1000",
    "scaleout_2_vs_1",
    "rss_mb_idle",
)


@dataclass(frozen=True)
class Goal:
    key: str
    text: str
    met: Callable[[Any], bool]


def _at_least(limit: float) -> Callable[[Any], bool]:
    return lambda value: isinstance(value, int | float) and value >= limit


def _at_most(limit: float) -> Callable[[Any], bool]:
    return lambda value: isinstance(value, int | float) and value <= limit


def _each_at_most(limit: float) -> Callable[[Any], bool]:
    return lambda value: (
        isinstance(value, dict) and bool(value) and all(v <= limit for v in value.values())
    )


GOALS = (
    Goal("e2e_jobs_per_s", ">= 1000", _at_least(1000)),
    Goal("e2e_sustained_flat", "true", lambda value: value is True),
    Goal("e2e_vs_pgbench", ">= 0.4", _at_least(0.4)),
    Goal("e2e_p99_s_at_half_rate", "<= 1", _at_most(1.0)),
    Goal("e2e_p50_s_low_load", "<= 0.3", _at_most(0.3)),
    Goal("webhooks_per_s", ">= 3000", _at_least(3000)),
    Goal("webhooks_vs_echo", ">= 0.5", _at_least(0.5)),
    Goal("webhook_p99_ms_at_1000", "<= 50", _at_most(50)),
    Goal("scaleout_2_vs_1", ">= 1.8", _at_least(1.8)),
    Goal("rss_mb_idle", "each <= 150", _each_at_most(150)),
    Goal("stack_up_s", "<= 60", _at_most(60)),
)


def ratio(numerator: Any, denominator: Any) -> float | None:
    """numerator / denominator, or None when either is missing or the denominator is not > 0."""
    if not isinstance(numerator, int | float) or not isinstance(denominator, int | float):
        return None
    if denominator <= 0:
        return None
    return round(numerator / denominator, 3)


def summarize(raw: Mapping[str, Any]) -> dict[str, Any]:
    """The summary: every raw figure, the three ratios, each required key (None when it was not
    measured) and, under `goals`, whether each goal of the issue is met."""
    summary: dict[str, Any] = {key: None for key in REQUIRED_KEYS}
    summary.update(raw)
    summary["e2e_vs_pgbench"] = ratio(raw.get("e2e_jobs_per_s"), raw.get("pgbench_tps"))
    summary["webhooks_vs_echo"] = ratio(raw.get("webhooks_per_s"), raw.get("echo_per_s"))
    summary["scaleout_2_vs_1"] = ratio(
        raw.get("scaleout_2_jobs_per_s"), raw.get("scaleout_1_jobs_per_s")
    )
    summary["goals"] = {
        goal.key: {"goal": goal.text, "met": goal.met(summary.get(goal.key))} for goal in GOALS
    }
    return summary


def _shown(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.3f}" if abs(value) < 10 else f"{value:,.0f}"
    if isinstance(value, dict | list):
        return json.dumps(value, separators=(", ", ": "))
    return str(value)


def table(summary: Mapping[str, Any]) -> str:
    """The summary as `key  value  goal` lines: required keys first, then the other figures."""
    goals: Mapping[str, Any] = summary.get("goals", {})
    keys = [*REQUIRED_KEYS, *sorted(k for k in summary if k not in REQUIRED_KEYS)]
    width = max(len(k) for k in keys)
    lines = []
    for key in keys:
        if key == "goals":
            continue
        goal = goals.get(key)
        verdict = f"  goal {goal['goal']}: {'met' if goal['met'] else 'NOT met'}" if goal else ""
        lines.append(f"{key:<{width}}  {_shown(summary[key])}{verdict}")
    return "\n".join(lines)
