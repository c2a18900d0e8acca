"""Pure rules: the job lifecycle, the billing mirror, platform names and topics."""
