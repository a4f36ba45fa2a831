"""Employment pages: the register of job seekers (``seekers``) and the follow-up of
trainees (``follow_ups``)."""
