"""Job seekers (求职登记), guidance and referrals, and the follow-up of trainees into work at 30, 90 and 180 days."""
