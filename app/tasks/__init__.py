"""Celery tasks: thin adapters that take ids, call one service and handle retries."""
