"""SQLAlchemy 2.0 typed tables. Only the repository maps these rows to domain objects."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with a naming convention, so migrations name constraints predictably."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class CoupleRow(Base):
    __tablename__ = "couples"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    is_sample: Mapped[bool] = mapped_column(default=False)
    use_aliases: Mapped[bool] = mapped_column(default=False)
    archived: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.current_timestamp())


class PartnerRow(Base):
    __tablename__ = "partners"
    __table_args__ = (UniqueConstraint("couple_id", "role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    couple_id: Mapped[int] = mapped_column(ForeignKey("couples.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(1))
    first_name: Mapped[str] = mapped_column(String(60))
    alias: Mapped[str] = mapped_column(String(60), default="")
    colour: Mapped[str] = mapped_column(String(9))
    position: Mapped[str] = mapped_column(String(12), default="", server_default="")


class SessionRow(Base):
    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    couple_id: Mapped[int] = mapped_column(ForeignKey("couples.id", ondelete="CASCADE"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.current_timestamp())
    next_appointment: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class PrivateNoteRow(Base):
    """Process notes live apart from everything that can be shown or exported."""

    __tablename__ = "private_notes"

    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True)
    text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.current_timestamp())


class CardRow(Base):
    __tablename__ = "cards"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text, default="")
    x: Mapped[float] = mapped_column(Float)
    y: Mapped[float] = mapped_column(Float)
    width: Mapped[float] = mapped_column(Float)
    height: Mapped[float] = mapped_column(Float)
    colour: Mapped[str] = mapped_column(String(9))
    partner: Mapped[str | None] = mapped_column(String(1), nullable=True)
    z: Mapped[float] = mapped_column(Float, default=0.0)
    kind: Mapped[str] = mapped_column(String(8), default="card", server_default="card")
    group_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    role: Mapped[str] = mapped_column(String(40), default="", server_default="")
    hint: Mapped[str] = mapped_column(String(200), default="", server_default="")


class ConnectorRow(Base):
    __tablename__ = "connectors"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"), index=True)
    target_id: Mapped[str] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(Text, default="")
    curved: Mapped[bool] = mapped_column(default=False, server_default=false())
    kind: Mapped[str] = mapped_column(String(10), default="arrow", server_default="arrow")


class StrokeRow(Base):
    """A freehand line; its points are a blob of float32 (x, y, pressure) triples."""

    __tablename__ = "strokes"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    points: Mapped[bytes] = mapped_column(LargeBinary)
    colour: Mapped[str] = mapped_column(String(9))
    width: Mapped[float] = mapped_column(Float)
    kind: Mapped[str] = mapped_column(String(12), default="pen")
    z: Mapped[float] = mapped_column(Float, default=0.0)
    group_id: Mapped[str | None] = mapped_column(String(32), nullable=True)


class AssignmentRow(Base):
    __tablename__ = "assignments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    exercise_key: Mapped[str] = mapped_column(String(80))
    who: Mapped[str] = mapped_column(String(4), default="both")
    note: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    frequency: Mapped[str] = mapped_column(String(120), default="", server_default="")
    review: Mapped[str] = mapped_column(String(10), default="", server_default="")
    review_note: Mapped[str] = mapped_column(Text, default="", server_default="")


class ExerciseRow(Base):
    """The therapist's own exercises and their edits of built-in ones (same key), which upgrades never overwrite."""

    __tablename__ = "exercises"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    origin: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(200))
    approach: Mapped[str] = mapped_column(String(120))
    frequency: Mapped[str] = mapped_column(String(120))
    duration: Mapped[str] = mapped_column(String(120))
    who: Mapped[str] = mapped_column(String(4))
    summary: Mapped[str] = mapped_column(Text)
    steps: Mapped[str] = mapped_column(Text)
    """One step per line."""
    tracking: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.current_timestamp())


class PracticeRow(Base):
    """One row: the practice's name, contact and logo for handouts, and how handouts are printed."""

    __tablename__ = "practice"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    contact: Mapped[str] = mapped_column(Text, default="")
    logo: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    page_size: Mapped[str] = mapped_column(String(8), default="A4")
    large_print: Mapped[bool] = mapped_column(default=False)
    support_line: Mapped[str] = mapped_column(String(200), default="", server_default="")
    spelling: Mapped[str] = mapped_column(String(2), default="UK", server_default="UK")


class ProgressCheckRow(Base):
    """One partner's brief check at one session (connection 0-10, how often the cycle caught them, how quickly they
    found each other again); a missing answer is NULL, never 0."""

    __tablename__ = "progress_checks"

    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(1), primary_key=True)
    connection: Mapped[int | None] = mapped_column(Integer, nullable=True)
    caught: Mapped[str | None] = mapped_column(String(12), nullable=True)
    found_again: Mapped[str | None] = mapped_column(String(12), nullable=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.current_timestamp())


class ScreeningRow(Base):
    """A couple's individual screening for intimate partner violence: therapist only, like the private notes, it lives
    apart from everything that can be shown or exported."""

    __tablename__ = "screenings"

    couple_id: Mapped[int] = mapped_column(ForeignKey("couples.id", ondelete="CASCADE"), primary_key=True)
    outcome: Mapped[str] = mapped_column(String(12), default="not-done")
    screened_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    overridden_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    overridden_for: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.current_timestamp())


class ActivityRow(Base):
    """One line of the audit trail (domain/activity.py): append-only, kept so by triggers made in migration 0007.

    `couple_id` has no foreign key on purpose: deleting a couple must leave its trail, the deletion's own line
    included. `at` is UTC (naive, as SQLite keeps it)."""

    __tablename__ = "activity"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    action: Mapped[str] = mapped_column(String(24))
    couple_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    file_name: Mapped[str | None] = mapped_column(String(255), nullable=True)
