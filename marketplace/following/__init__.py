"""Follows and digests: a user follows exhibitors and categories and gets a digest mail."""
