"""Clients of systems outside the jobs service: the Kafka admin API."""
