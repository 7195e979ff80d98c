"""Messaging: the notification outbox (written in the caller's transaction) and its delivery."""
