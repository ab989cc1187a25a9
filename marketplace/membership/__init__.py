"""Member tiers (free, gold, premium): what each allows an exhibitor. Buying a tier through
Stripe and staff granting one arrive with the billing issue; the tier is data already."""
