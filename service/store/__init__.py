"""Sessions, the answer log and feedback, in any SQLAlchemy database (SQLite by default)."""
