"""E-signatures of reviewers (catalog §5.2)."""
