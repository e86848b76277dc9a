"""Domain types shared by every layer (db, tools, bot), kept below all of them.

`Role` used to live in `bot.messages`, which made `db/` and `tools/` climb into the
bot layer for one enum; `bot.messages` re-exports it so channel code is unchanged.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Role"]


class Role(StrEnum):
    """Who is asking; stored in the database, so the values are stable."""

    APPLICANT = "applicant"
    STAFF = "staff"
    REGULATOR = "regulator"
