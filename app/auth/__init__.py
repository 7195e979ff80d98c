"""Authentication: argon2 passwords, the request principal, session + bearer-token loading."""
