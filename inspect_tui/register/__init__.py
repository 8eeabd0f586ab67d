"""The register of a council's inspections: facts derived from the store (no rendering)."""
