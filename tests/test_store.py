"""The SQL store: sessions, the answer log, Slack event ids, and upgrading an older database."""

import sqlite3
from pathlib import Path

from service.store.repository import Store


def test_an_older_database_gains_the_new_columns(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    Store(f"sqlite:///{db}")
    with sqlite3.connect(db) as conn:  # make it look like the first release: no payload column
        conn.execute("ALTER TABLE answers DROP COLUMN payload")
    Store(f"sqlite:///{db}")
    with sqlite3.connect(db) as conn:
        assert "payload" in [row[1] for row in conn.execute("PRAGMA table_info(answers)")]


def test_event_ids_are_taken_once_and_sessions_are_remembered(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path}/s.db")
    assert store.first_delivery("Ev1") and not store.first_delivery("Ev1")
    session = store.open_session("1.0", "slack:T1:C1")
    assert session.id == "1.0" and session.last is None and store.has_session("1.0", "slack:T1:C1")
    assert not store.has_session("2.0", "slack:T1:C1") and not store.has_session("1.0", "slack:T1:C2")
