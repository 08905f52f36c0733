"""The dashboard's shared pieces: cached data access, sidebar filters, chart builders, safe text."""
