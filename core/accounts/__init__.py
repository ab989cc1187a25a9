"""Accounts: users, sign-up, email verification, sign-in, password reset, profile, roles."""
