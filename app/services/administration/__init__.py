"""Administration (catalog §0.6, §6.1–§6.3): units and functional departments, accounts by level, role
grants with their scope, passwords set by an administrator, and the 审计日志 of every such change."""
