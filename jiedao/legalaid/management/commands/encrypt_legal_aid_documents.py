"""Seal (encrypt at rest) the legal-aid documents stored before encryption. The
migration ``0003`` runs it once; run it again by hand after restoring old files.

    python manage.py encrypt_legal_aid_documents
"""

from typing import Any

from django.core.management.base import BaseCommand

from jiedao.legalaid.services.documents import encrypt_stored_documents


class Command(BaseCommand):
    help = "Encrypt at rest the legal-aid documents stored before encryption."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{encrypt_stored_documents()} documents encrypted")
