"""Sourcing: what buyers want to buy (buyer requests, RFQs) and, in later slices, the quotes
and inquiries that answer them."""
