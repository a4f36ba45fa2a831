"""Settings for the test suite: fast hashing, immediate tasks, no secure cookies."""

import os

os.environ.setdefault("DEBUG", "1")

from config.settings import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
AXES_ENABLED = True
# Text messages land in jiedao.core.notifications.outbox (as Django's test runner does with e-mail).
JIEDAO_SMS_BACKEND = "jiedao.core.notifications.LocmemSmsBackend"
# The test world has two sub-districts (jiedao.testing): new resident accounts join 凉城新村.
JIEDAO_RESIDENT_SUBDISTRICT = "310109016"
