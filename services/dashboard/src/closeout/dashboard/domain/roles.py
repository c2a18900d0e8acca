"""Who may do what in the dashboard: owners manage, staff act, viewers look."""

from typing import Literal, get_args

Role = Literal["owner", "staff", "viewer"]
ROLES: tuple[Role, ...] = get_args(Role)


def may_act(role: Role) -> bool:
    """Issue, void, write off, resend, confirm or reject claims, record payments."""
    return role in ("owner", "staff")


def may_manage(role: Role) -> bool:
    """Team, API keys and business settings."""
    return role == "owner"
