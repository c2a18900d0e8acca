"""Versioned payload models (`data`) of every event Closeout publishes or accepts."""
