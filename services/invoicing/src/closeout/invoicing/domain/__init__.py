"""Pure invoicing rules: totals and tax, statuses and transitions, numbering, reminders."""
