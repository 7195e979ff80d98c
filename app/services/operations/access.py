"""Who reaches the operator console: the 运维人员 role only (catalog §6.2); everyone else gets a 404."""
from __future__ import annotations

from app import messages
from app.auth.principal import Principal
from app.errors import NotFound
from app.vocabulary import Role


def ensure_operator(principal: Principal) -> None:
    """Raise NotFound (404, 「记录不存在或无权访问」) unless the caller acts as 运维人员: the console's
    existence is not revealed to other roles (issue 14 item 3)."""
    if not principal.has_role(Role.OPERATOR):
        raise NotFound(messages.NOT_FOUND)
