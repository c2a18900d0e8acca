"""Where an invoice came from. Only `job` invoices have a job (and follow it)."""

from typing import Literal

InvoiceSource = Literal["job", "manual", "recurring", "import"]
"""`job`: a completed job (or a re-issue of its voided invoice); `manual`: made by hand in the
dashboard or `POST /v1/invoices`; `recurring`: a schedule's period; `import`: a CSV row group."""
