"""The jobs REST API."""
