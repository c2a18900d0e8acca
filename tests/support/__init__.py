"""Test support: real infrastructure discovery, databases, Kafka helpers, in-process services."""
