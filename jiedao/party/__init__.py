"""Party organisations and members, lectures and the study-hour ledger, and the 凝新 studio's 三个一 onboarding of 三新 members."""
