"""Invoicing's own database: tables and the queries the use cases need."""
