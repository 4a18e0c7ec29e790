"""API keys: created and shown once, stored as hashes, checked in constant time, revocable."""

import hashlib
import hmac
import secrets
from datetime import UTC, datetime

from sqlalchemy import select

from service.store.repository import Store
from service.store.tables import ApiKeyRow

PREFIX_LEN = 12


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiKeys:
    def __init__(self, store: Store) -> None:
        self._store = store

    def create(self, name: str) -> tuple[int, str]:
        key = "ida_" + secrets.token_urlsafe(32)
        with self._store.write() as db:
            row = ApiKeyRow(name=name, prefix=key[:PREFIX_LEN], key_hash=_hash(key))
            db.add(row)
            db.flush()
            return row.id, key

    def list(self) -> list[dict]:
        with self._store.read() as db:
            rows = db.scalars(select(ApiKeyRow).order_by(ApiKeyRow.id))
            return [
                {
                    "id": r.id,
                    "name": r.name,
                    "prefix": r.prefix,
                    "created_at": r.created_at.isoformat(),
                    "revoked": r.revoked_at is not None,
                }
                for r in rows
            ]

    def revoke(self, key_id: int) -> bool:
        with self._store.write() as db:
            row = db.get(ApiKeyRow, key_id)
            if row is None or row.revoked_at is not None:
                return False
            row.revoked_at = datetime.now(UTC)
            return True

    def verify(self, key: str) -> str | None:
        """The key's id when it is valid and not revoked. The hash comparison is constant-time."""
        if len(key) < PREFIX_LEN:
            return None
        presented = _hash(key)
        with self._store.read() as db:
            rows = db.scalars(select(ApiKeyRow).where(ApiKeyRow.prefix == key[:PREFIX_LEN]))
            for row in rows:
                if hmac.compare_digest(row.key_hash, presented) and row.revoked_at is None:
                    return str(row.id)
        return None
