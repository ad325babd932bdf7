"""The welcome chain's steps, by the names stored in a case row and a goal's metric."""

WELCOME_CALL = "welcome_call"
ACTIVITY_INVITATION = "activity_invitation"
COURSE_OFFER = "course_offer"
