"""Vocational training: providers, courses, classes on the activities core, enrolment, completion by hours and works, certificates that verify, skills subsidies."""
