"""Jobs storage: tables and repository."""
