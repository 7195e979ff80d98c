"""Identity: login and bearer tokens, the organisation (units, accounts, role grants)."""
