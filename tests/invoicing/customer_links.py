"""Published link references, turned into live customer links as notifications does."""

from closeout.shared.capability_links import DEV_LINK_SECRET, resolve_references

BASE = "http://invoices.test"


def live_url(reference: str) -> str:
    """The live customer link a published link reference stands for."""
    return resolve_references(reference, DEV_LINK_SECRET)


def live_path(reference: str) -> str:
    return live_url(reference).removeprefix(BASE)
