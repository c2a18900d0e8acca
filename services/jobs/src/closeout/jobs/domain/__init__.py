"""Pure job and billing-mirror rules."""
