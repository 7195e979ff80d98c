"""Who reaches the process-admin console: the 流程管理员 role only (catalog §6.2); anyone else is told
nothing exists (404), so the console's API is invisible to other roles (issue 14 item 3)."""
from __future__ import annotations

from app import messages
from app.auth.principal import Principal
from app.errors import NotFound
from app.vocabulary import Role


def require_process_admin(principal: Principal) -> Principal:
    """Return ``principal`` when it acts as 流程管理员.

    Raises:
        NotFound: any other role (404, 「未找到」).
    """
    if not principal.has_role(Role.PROCESS_ADMIN):
        raise NotFound(messages.DEFINITION_NOT_FOUND)
    return principal
