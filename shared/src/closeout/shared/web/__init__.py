"""FastAPI plumbing: the service app factory, health endpoints and request dependencies."""
