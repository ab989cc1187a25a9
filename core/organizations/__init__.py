"""Organizations: enterprises with their unified social credit code, and their members."""
