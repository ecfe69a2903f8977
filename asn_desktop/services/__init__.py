"""Use cases, one module per area. Transactions, validation, readable Indonesian errors. No Qt."""
