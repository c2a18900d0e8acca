"""Jobs storage: tables, typed records and the repository."""
