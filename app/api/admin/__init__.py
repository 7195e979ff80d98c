"""系统管理 adapters (catalog §0.6, §6): units, accounts and role grants, the audit log."""
