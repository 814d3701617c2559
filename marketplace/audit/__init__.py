"""The agency's audit trail: who did what to which record, before and after. Append-only."""
