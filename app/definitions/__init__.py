"""Discovers, checks and fingerprints the files under processes/, rules/ and forms/ (no database)."""
