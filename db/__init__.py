"""The agency registry database: models, sessions, CRUD, import/export, sample data.

Public names are re-exported here; import submodules directly for the rest. Importing
this package connects to nothing (engines are built by `get_engine` on first use).
"""

from db.credit_code import is_valid_credit_code, validate_credit_code
from db.enums import (
    AgencyType,
    FilingState,
    FilingStatus,
    Rating,
    SupervisionKind,
    SupervisionResult,
    TerminationKind,
)
from db.filing_number import find_filing_numbers, normalise_filing_number
from db.models import (
    Agency,
    AgencyCreate,
    AgencyPublic,
    AuditEntry,
    ChecklistProgress,
    ConversationState,
    Filing,
    FilingCreate,
    StaffLinkCode,
    SupervisionCreate,
    SupervisionRecord,
    UserProfile,
)
from db.session import dispose_engines, get_engine, session_scope, today_cn
from db import reminder_models as _reminder_models  # noqa: F401, E402  (registers the reminder tables)
from db.status import EXPIRING_SOON_DAYS, days_left, derive_status

__all__ = [
    "EXPIRING_SOON_DAYS",
    "Agency",
    "AgencyCreate",
    "AgencyPublic",
    "AgencyType",
    "AuditEntry",
    "ChecklistProgress",
    "ConversationState",
    "Filing",
    "FilingCreate",
    "FilingState",
    "FilingStatus",
    "Rating",
    "StaffLinkCode",
    "SupervisionCreate",
    "SupervisionKind",
    "SupervisionRecord",
    "SupervisionResult",
    "TerminationKind",
    "UserProfile",
    "days_left",
    "derive_status",
    "dispose_engines",
    "find_filing_numbers",
    "get_engine",
    "is_valid_credit_code",
    "normalise_filing_number",
    "session_scope",
    "today_cn",
    "validate_credit_code",
]
