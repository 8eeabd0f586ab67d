"""The register's facts (follow-up actions, the plan, numbering, the annual report): built from the store, never rendered here."""
