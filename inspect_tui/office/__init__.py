"""The office register on PostgreSQL: the same rules as the laptop's file store, for several officers at once."""
