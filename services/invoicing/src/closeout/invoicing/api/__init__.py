"""HTTP: the admin API (/v1) and the customer invoice page (/i/{token})."""
