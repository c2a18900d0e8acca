"""Clients of systems outside invoicing (the payments gateway)."""
