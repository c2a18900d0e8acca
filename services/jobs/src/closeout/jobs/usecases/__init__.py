"""Use cases: report and act on jobs, keep the billing mirror, manage platform grants."""
