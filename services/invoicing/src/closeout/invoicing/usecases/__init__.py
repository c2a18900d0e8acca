"""Use cases: load through the repository, apply the domain rules, save, enqueue events."""
