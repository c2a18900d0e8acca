"""What a running service tells its operators: Prometheus metrics (and, later, traces)."""
