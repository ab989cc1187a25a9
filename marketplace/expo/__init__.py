"""The expo: exhibitions, halls, booths and exhibitor profiles (the booth page)."""
