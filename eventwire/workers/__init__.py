"""Celery workers: the app factory, thin tasks, the retry policy, and Redis-backed stores."""
