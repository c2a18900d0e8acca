"""The benchmark summary (`.local/bench/summary.json`, a public contract): its keys, the ratios
to the same run's ceilings and the goals, from raw figures (no load)."""

from bench import backlogs
from bench.summary import REQUIRED_KEYS, ratio, summarize, table

RAW = {
    "e2e_jobs_per_s": 500.0,
    "e2e_sustained_flat": True,
    "e2e_p99_s_at_half_rate": 0.8,
    "e2e_p50_s_low_load": 0.2,
    "pgbench_tps": 2000.0,
    "webhooks_per_s": 3600.0,
    "echo_per_s": 12000.0,
    "webhook_p99_ms_at_1000": 40.0,
    "scaleout_1_jobs_per_s": 100.0,
    "scaleout_2_jobs_per_s": 190.0,
    "rss_mb_idle": {"jobs": 120.0, "invoicing": 151.0},
    "stack_up_s": 55.0,
}


def test_every_required_key_is_there_even_when_not_measured() -> None:
    summary = summarize({})
    assert set(REQUIRED_KEYS) <= set(summary)
    assert all(summary[key] is None for key in REQUIRED_KEYS)
    assert not any(goal["met"] for goal in summary["goals"].values())


def test_ratios_are_taken_against_the_same_runs_ceilings() -> None:
    summary = summarize(RAW)
    assert summary["e2e_vs_pgbench"] == 0.25
    assert summary["webhooks_vs_echo"] == 0.3
    assert summary["scaleout_2_vs_1"] == 1.9


def test_a_missing_or_zero_ceiling_gives_no_ratio() -> None:
    assert ratio(5.0, 0) is None
    assert ratio(None, 10.0) is None
    assert ratio(5.0, None) is None
    assert summarize({**RAW, "echo_per_s": 0.0})["webhooks_vs_echo"] is None


def test_goals_say_which_are_met() -> None:
    goals = summarize(RAW)["goals"]
    met = {key for key, goal in goals.items() if goal["met"]}
    assert met == {
        "e2e_sustained_flat",
        "e2e_p99_s_at_half_rate",
        "e2e_p50_s_low_load",
        "webhooks_per_s",
        "webhook_p99_ms_at_1000",
        "scaleout_2_vs_1",
        "stack_up_s",
    }
    assert goals["rss_mb_idle"] == {"goal": "each <= 150", "met": False}  # invoicing 151 MB
    assert goals["e2e_vs_pgbench"]["met"] is False  # 0.25 < 0.4


def test_the_table_prints_every_key_with_its_goal() -> None:
    printed = table(summarize(RAW)).splitlines()
    assert printed[0].startswith("e2e_jobs_per_s")
    assert "goal >= 1000: NOT met" in printed[0]
    assert any(line.startswith("e2e_vs_pgbench") and "0.250" in line for line in printed)
    assert not any(line.startswith("goals") for line in printed)


def test_backlogs_are_read_from_the_services_metrics() -> None:
    text = "\n".join([
        "# HELP closeout_consumer_lag Records not yet handled",
        'closeout_consumer_lag{consumer="invoicing",topic="job.completed",partition="0"} 7.0',
        'closeout_consumer_lag{consumer="invoicing",topic="job.completed",partition="1"} 3.0',
        'closeout_outbox_backlog{service="jobs"} 4.0',
        'closeout_webhook_events{status="pending"} 2.0',
        'closeout_webhook_events{status="done"} 900.0',
        'closeout_notifications_messages{channel="email",state="deferred"} 1.0',
        'closeout_notifications_messages{channel="email",state="sent"} 50.0',
    ])  # fmt: skip
    assert backlogs.parse(text) == {
        "kafka_lag": 10.0,
        "outbox": 4.0,
        "webhooks_pending": 2.0,
        "mail_pending": 1.0,
    }


def test_a_backlog_is_flat_unless_its_last_third_grew() -> None:
    assert backlogs.flat([5, 9, 4, 6, 8, 5], allowance=2)
    assert not backlogs.flat([0, 10, 20, 30, 40, 50], allowance=2)
