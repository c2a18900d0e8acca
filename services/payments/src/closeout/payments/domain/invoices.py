"""What payments reads from its projection of invoices."""

# Invoices no card payment is taken for: a checkout is refused, open sessions are expired.
CLOSED_INVOICE_STATUSES = ("paid", "void", "uncollectible", "refunded", "draft")
