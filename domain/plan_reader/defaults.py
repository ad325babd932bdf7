"""What the reader assumes when a plan does not say: default time limits and windows."""

from __future__ import annotations

WELCOME_CALL_DEFAULT_DAYS = 14
INVITATION_DEFAULT_DAYS = 30
COURSE_OFFER_DEFAULT_DAYS = 30
AT_ONCE_DAYS = 2
ONGOING_WINDOW_DAYS = 30
