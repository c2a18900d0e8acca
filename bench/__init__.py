"""The benchmark harness of issue 15: `make bench` / `make bench-quick` (`python -m bench`).

One module per measurement; `summary` turns the raw figures into the ratios and goals of
`.local/bench/summary.json`. The older standalone scripts (`plumbing_throughput.py`,
`e2e_latency.py`, `http_intake.py`) stay runnable on their own.
"""
