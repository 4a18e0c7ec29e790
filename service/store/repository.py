"""The store the pipeline and channels use; SQLAlchemy stays behind this class."""

import hashlib
import threading
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, event, insert, inspect, select, text, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from service.advisor.types import Answer
from service.errors import AdvisorError
from service.store.tables import AnswerRow, Base, FeedbackRow, SessionRow, SlackEventRow


class UnknownAnswerError(AdvisorError):
    """Feedback names an answer_id the log does not hold."""


ANONYMOUS = "anonymous"  # the owner of sessions opened without an API key (auth off)


def session_key(owner: str, session_id: str) -> str:
    """Sessions are stored under their owner and id together: one caller cannot name another's session."""
    return hashlib.sha256(f"{owner}\x00{session_id}".encode()).hexdigest()[:48]


@dataclass(frozen=True)
class SessionRef:
    id: str  # as the client names it
    key: str  # as the store holds it
    last: dict | None  # the context of the session's last answer


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        in_memory = not path or path == ":memory:"
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False},
            poolclass=StaticPool if in_memory else None,
        )

        @event.listens_for(engine, "connect")
        def _pragmas(conn, _record) -> None:
            cur = conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            if not in_memory:
                cur.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
                cur.execute("PRAGMA synchronous=NORMAL")  # with WAL: safe from corruption, one fsync fewer
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


class Store:
    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)
        Base.metadata.create_all(self.engine)
        self._upgrade()
        self._session = sessionmaker(self.engine, expire_on_commit=False)
        # An in-memory SQLite database is one connection shared by every thread: one transaction must not
        # roll back another's, so access is serialised. A file or server database pools connections instead.
        memory = self.engine.url.get_backend_name() == "sqlite" and self.engine.url.database in (None, "", ":memory:")
        self._serial: AbstractContextManager = threading.RLock() if memory else nullcontext()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session in a transaction, committed on success."""
        with self._serial, self._session.begin() as db:
            yield db

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._serial, self._session() as db:
            yield db

    def _upgrade(self) -> None:
        """Columns added after a database was created (create_all only makes missing tables)."""
        added = {"answers": {"payload": "JSON"}}
        inspector = inspect(self.engine)
        with self.engine.begin() as conn:
            for table, columns in added.items():
                present = {c["name"] for c in inspector.get_columns(table)}
                for name, sql_type in columns.items():
                    if name not in present:
                        conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {name} {sql_type}"))

    def open_session(self, session_id: str | None, owner: str = ANONYMOUS) -> SessionRef:
        """The owner's session of that id and the context of its last answer; an unknown or missing id starts
        a new one. The same id sent by another owner names another, empty session."""
        client_id = session_id or uuid.uuid4().hex
        key = session_key(owner, client_id)
        # Core statements, not ORM objects: the log is written twice an answer, and the ORM's unit of work
        # cost more than the statements themselves.
        last = select(AnswerRow.context).where(AnswerRow.id == SessionRow.last_answer_id).scalar_subquery()
        with self._serial, self.engine.begin() as conn:
            found = conn.execute(select(SessionRow.id, last).where(SessionRow.id == key)).first()
            if found is None:
                conn.execute(insert(SessionRow).values(id=key))
            context = found[1] if found is not None else None
        return SessionRef(client_id, key, dict(context) if context else None)

    def log_answer(self, answer: Answer, question: str, context: dict, session: str | None = None) -> None:
        """`session` is the owner-scoped key open_session gave; without one, the answer's own session id."""
        key = session or answer.session_id
        row = {
            "id": answer.answer_id,
            "session_id": key,
            "question": question,
            "language": answer.language,
            "intent": answer.intent,
            "model_id": answer.model.id if answer.model else None,
            "confidence": answer.model.confidence if answer.model else None,
            "abstained": answer.abstained,
            "answer": answer.answer,
            "citations": [c.model_dump() for c in answer.citations],
            "context": context,
            "corpus_version": answer.corpus_version,
            "classifier_version": answer.classifier_version,
            "generator": answer.generator,
            "latency_ms": answer.latency_ms,
            "payload": answer.model_dump(mode="json"),
        }
        with self._serial, self.engine.begin() as conn:
            conn.execute(insert(AnswerRow), row)
            conn.execute(update(SessionRow).where(SessionRow.id == key).values(last_answer_id=answer.answer_id))

    def add_feedback(self, answer_id: str, rating: int, comment: str | None, channel: str = "api") -> int:
        with self.write() as db:
            if db.get(AnswerRow, answer_id) is None:
                raise UnknownAnswerError(f"no answer with answer_id '{answer_id}'")
            row = FeedbackRow(answer_id=answer_id, rating=rating, comment=comment, channel=channel)
            db.add(row)
            db.flush()
            return row.id

    def feedback_for(self, answer_id: str) -> list[dict]:
        with self.read() as db:
            rows = db.scalars(select(FeedbackRow).where(FeedbackRow.answer_id == answer_id).order_by(FeedbackRow.id))
            return [{"rating": r.rating, "comment": r.comment, "channel": r.channel} for r in rows]

    def has_session(self, session_id: str, owner: str = ANONYMOUS) -> bool:
        with self.read() as db:
            return db.get(SessionRow, session_key(owner, session_id)) is not None

    def first_delivery(self, event_id: str) -> bool:
        """True the first time an event id is seen, False for every retry, across workers (a primary key)."""
        try:
            with self.write() as db:
                db.add(SlackEventRow(event_id=event_id))
            return True
        except IntegrityError:
            return False

    def load_answer(self, answer_id: str) -> Answer | None:
        with self.read() as db:
            row = db.get(AnswerRow, answer_id)
            return Answer.model_validate(row.payload) if row and row.payload else None

    def answer(self, answer_id: str) -> dict | None:
        with self.read() as db:
            row = db.get(AnswerRow, answer_id)
            if row is None:
                return None
            return {
                "answer_id": row.id,
                "session_id": row.session_id,
                "question": row.question,
                "model_id": row.model_id,
                "intent": row.intent,
                "latency_ms": row.latency_ms,
            }
