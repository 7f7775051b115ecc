"""Pseudonymisation on the way in, and the one way back.

Children's records are special category personal data. Before anything is stored:

- a child's identifier, a UPN, a pupil identifier or a social worker's identifier
  becomes a keyed HMAC-SHA256 token. A plain hash of a UPN could be reversed by trying
  every UPN; a keyed one cannot without the key. The same identifier gives the same
  token in every return and year, so records still link;
- a date of birth (or death) becomes the first of its month;
- a postcode becomes its outward code and sector ("PL1 2AB" -> "PL1 2").

So that the council can still find the children behind a figure, a separate
re-identification table maps each child token back to the LA's own identifier,
encrypted (AES-256-GCM) with a second key. It is read only through :func:`resolve`,
which records who resolved which token, when and why.

Keys come from the environment (``SMEATON_PSEUDONYM_KEY``,
``SMEATON_REIDENTIFICATION_KEY``) or, failing that, from files in the Smeaton home's
``keys`` folder (smeaton.config), made on first use and readable by their owner only.
Never from the repository. See docs/privacy.md.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import sqlite3
import zlib
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from smeaton import config
from smeaton.analytics.formats.spec import (
    KEYED_CHILD,
    KEYED_PUPIL,
    KEYED_STAFF,
    KEYED_UPN,
    MONTH,
    SECTOR,
)
from smeaton.analytics.store import Store

KEY_BYTES = 32
KEYED = (KEYED_CHILD, KEYED_STAFF, KEYED_PUPIL, KEYED_UPN)
TOKEN_LENGTH = 32  # hex characters: 128 bits of the HMAC, far beyond any collision


class KeyProblem(Exception):
    """A key is missing, malformed, or not the one the store was made with."""


def _key(variable: str, file_name: str, notices: list[str], create: bool) -> bytes:
    text = os.environ.get(variable, "").strip()
    home = config.home()
    path = home.keys / file_name
    if not text and path.exists():
        mode = path.stat().st_mode & 0o777
        if mode & 0o077:
            raise KeyProblem(f"{path} can be read or changed by other accounts (mode "
                             f"{mode:04o}); a key must be its owner's alone. Run: chmod 600 "
                             f"{path}")
        text = path.read_text().strip()
    if not text and not create:
        raise KeyProblem(f"{variable} is not set and there is no {path}")
    if not text:
        home.made()  # the home, if this makes it, and its keys folder: their owner's only
        path.parent.mkdir(exist_ok=True, mode=0o700)
        text = base64.urlsafe_b64encode(secrets.token_bytes(KEY_BYTES)).decode()
        # Readable by its owner only from the moment it exists.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(text + "\n")
        notices.append(f"Made a new key in {path}. Keep a copy somewhere safe, away from "
                       f"the data: without it, {variable} cannot be recovered.")
    try:
        key = base64.urlsafe_b64decode(text.encode())
    except ValueError:
        key = b""
    if len(key) != KEY_BYTES:
        raise KeyProblem(f"{variable} must be {KEY_BYTES} random bytes, base64-encoded; "
                         "for example: python -c 'import base64, secrets; "
                         "print(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())'")
    return key


@dataclass(frozen=True)
class Keys:
    pseudonym: bytes
    reidentification: bytes

    @classmethod
    def load(cls, notices: list[str] | None = None, create: bool = True) -> Keys:
        """The keys; made in the Smeaton home on first use unless ``create`` is False."""
        notices = [] if notices is None else notices
        return cls(_key("SMEATON_PSEUDONYM_KEY", "pseudonym.key", notices, create),
                   _key("SMEATON_REIDENTIFICATION_KEY", "reidentification.key", notices,
                        create))

    @property
    def fingerprint(self) -> str:
        """Names the pseudonym key without revealing it, so a store can refuse another."""
        return hmac.new(self.pseudonym, b"smeaton key fingerprint",
                        hashlib.sha256).hexdigest()[:16]


class Pseudonymiser:
    """Tokens, months and sectors for one LA's returns."""

    def __init__(self, key: bytes, la_code: str):
        self.key = key
        self.la_code = la_code
        self.identities: dict[str, str] = {}  # child token -> the LA's identifier
        self._known: dict[str, tuple[pa.Array, pa.Array]] = {}  # kind -> (ids, tokens)

    def token(self, kind: str, value: str) -> str:
        """One identifier's token."""
        return self.column(kind, pa.array([value], pa.string()))[0].as_py()

    def column(self, rule: str, values: pa.Array) -> pa.Array:
        """One column, with its privacy rule applied to every value."""
        if rule in KEYED:
            return self._tokens(rule, values)
        if rule == MONTH:
            return pc.floor_temporal(values, unit="month")
        if rule == SECTOR:
            return pc.utf8_slice_codeunits(values, 0, -2)  # "PL1 2AB" -> "PL1 2"
        return values

    def _tokens(self, kind: str, values: pa.Array) -> pa.Array:
        """Each distinct identifier is keyed once in a load; Arrow looks the rest up."""
        empty = pa.array([], pa.string())
        identifiers, tokens = self._known.get(kind, (empty, empty))
        encoded = values.dictionary_encode()
        distinct = encoded.dictionary
        known_at = pc.index_in(distinct, value_set=identifiers)
        if known_at.null_count:
            new = distinct.filter(pc.is_null(known_at))
            known_at = pc.coalesce(known_at, pc.add(pc.cumulative_sum(pc.cast(
                pc.is_null(known_at), pa.int32())), len(identifiers) - 1))
            identifiers = pa.concat_arrays([identifiers, new])
            tokens = pa.concat_arrays([tokens, pa.array(self._keyed(kind, new.to_pylist()),
                                                         pa.string())])
            self._known[kind] = identifiers, tokens
        return tokens.take(known_at).take(encoded.indices)

    def _keyed(self, kind: str, values: list[str]) -> list[str]:
        # Child, pupil and staff identifiers are the LA's own, so the LA is part of the
        # message; a UPN is national, so the same pupil links across LAs.
        scope = ("upn|" if kind == KEYED_UPN else f"{kind}|{self.la_code}|").encode()
        key = self.key
        tokens = [hmac.digest(key, scope + value.encode(), "sha256").hex()[:TOKEN_LENGTH]
                  for value in values]
        if kind == KEYED_UPN:  # the UN codes say why a UPN is missing; they identify nobody
            tokens = [value if value.startswith("UN") else token
                      for value, token in zip(values, tokens, strict=True)]
        if kind == KEYED_CHILD:
            self.identities.update(zip(tokens, values, strict=True))
        return tokens


# --- The re-identification table ---------------------------------------------------------

SCHEMA = """
create table if not exists sealed_with (fingerprint text not null);
create table if not exists identities (
    load_id text not null, la_code text not null, sealed blob not null,
    primary key (load_id, la_code)
);
create table if not exists pending (
    load_id text not null, la_code text not null, sealed blob not null,
    store text not null, primary key (load_id, la_code)
);
create table if not exists resolutions (
    at text not null, who text not null, why text not null, token text not null,
    found integer not null
);
"""
SETTLE = ("insert or ignore into identities (load_id, la_code, sealed) "
          "select load_id, la_code, sealed from pending where load_id = ?",
          "delete from pending where load_id = ?")


def _connect(path: Path, key: bytes) -> sqlite3.Connection:
    """The table, made if need be; refused if it was sealed with another key."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    connection = sqlite3.connect(path)
    connection.executescript(SCHEMA)
    fingerprint = hmac.new(key, b"smeaton key fingerprint", hashlib.sha256).hexdigest()[:16]
    with connection:
        held = connection.execute("select fingerprint from sealed_with").fetchone()
        if held is None:
            connection.execute("insert into sealed_with values (?)", (fingerprint,))
    if held is not None and held[0] != fingerprint:
        connection.close()
        raise KeyProblem(f"{path} was sealed with another re-identification key; use that "
                         "key (SMEATON_REIDENTIFICATION_KEY)")
    path.chmod(0o600)
    return connection


class Ledger:
    """One load's entries in the re-identification table, written as part of the
    store's commit (``Store.commit`` says when; see smeaton.analytics.store).

    Each LA's identities from one load are sealed together, as one AES-256-GCM message
    with the load and LA as associated data: a national file has half a million
    children, and sealing them one by one would cost more than reading the file.

    They are committed first as *pending*, with the store they are for, before the store
    names the load's state; once it has, they are settled into ``identities``. A pending
    entry whose load the store holds (the load was killed just after its switch) is
    settled by the next load into the store, or by :func:`resolve`; one whose load the
    store does not hold (killed before it) is discarded by the next load into the store.
    """

    def __init__(self, path: Path, key: bytes, load_id: str, store: Path):
        self.path = path
        self.key = key
        self.load_id = load_id
        self.store = str(Path(store).resolve())
        self.identities: dict[str, dict[str, str]] = {}  # LA -> child token -> identifier

    def add(self, la_code: str, identities: dict[str, str]) -> None:
        self.identities.setdefault(la_code, {}).update(identities)

    def holds(self, load_id: str, la_code: str) -> bool:
        """Whether the table can resolve the children a load stored for an LA."""
        with closing(_connect(self.path, self.key)) as connection:
            return connection.execute(
                "select 1 from identities where load_id = ? and la_code = ?",
                (load_id, la_code)).fetchone() is not None

    def tidy(self, committed: set[str]) -> None:
        """Settle the pending entries of loads the store holds; discard the store's
        others, which loads killed before their store's switch left behind. Only under
        the store's lock: no other load into it is part way through."""
        with closing(_connect(self.path, self.key)) as connection, connection:
            for load_id, store in connection.execute(
                    "select distinct load_id, store from pending").fetchall():
                if load_id in committed:
                    for statement in SETTLE:
                        connection.execute(statement, (load_id,))
                elif store == self.store:
                    connection.execute("delete from pending where load_id = ?", (load_id,))

    def seal(self) -> None:
        """Commit this load's identities, pending until the store takes the load."""
        aes = AESGCM(self.key)
        with closing(_connect(self.path, self.key)) as connection, connection:
            for la_code, identities in self.identities.items():
                nonce = secrets.token_bytes(12)
                message = zlib.compress(json.dumps(identities).encode(), 1)
                sealed = nonce + aes.encrypt(nonce, message,
                                             f"{self.load_id}|{la_code}".encode())
                connection.execute("insert into pending values (?, ?, ?, ?)",
                                   (self.load_id, la_code, sealed, self.store))

    def settle(self) -> None:
        """The store has taken the load: its entries are the table's own."""
        with closing(_connect(self.path, self.key)) as connection, connection:
            for statement in SETTLE:
                connection.execute(statement, (self.load_id,))

    def discard(self) -> None:
        """The store did not take the load: its children are not kept."""
        with closing(_connect(self.path, self.key)) as connection, connection:
            connection.execute("delete from pending where load_id = ?", (self.load_id,))


def _open(aes: AESGCM, load_id: str, la_code: str, sealed: bytes) -> dict[str, str]:
    try:
        message = aes.decrypt(sealed[:12], sealed[12:], f"{load_id}|{la_code}".encode())
    except InvalidTag:
        raise KeyProblem("cannot open the identities sealed by load "
                         f"{load_id}: the wrong key, or the table was altered") from None
    return json.loads(zlib.decompress(message))


def resolve(token: str, *, who: str, why: str, path: Path | None = None,
            key: bytes | None = None) -> str | None:
    """The LA's own identifier behind a child token, recorded with who, when and why.

    The only way to read the re-identification table. Every call is recorded, including
    those that find nothing.
    """
    if not who.strip() or not why.strip():
        raise ValueError("Say who is resolving the token and why.")
    path = path or config.home().reidentification
    key = key or Keys.load(create=False).reidentification
    aes = AESGCM(key)
    connection = _connect(path, key)
    try:
        _settle_held(connection)
        found = None
        # The newest load first: a child's identifier is the same in every load.
        for load_id, la_code, sealed in connection.execute(
                "select load_id, la_code, sealed from identities order by rowid desc"):
            found = _open(aes, load_id, la_code, sealed).get(token)
            if found is not None:
                break
        with connection:
            connection.execute(
                "insert into resolutions values (?, ?, ?, ?, ?)",
                (datetime.now(UTC).isoformat(timespec="seconds"), who.strip(), why.strip(),
                 token, int(found is not None)))
    finally:
        connection.close()
    return found


def _settle_held(connection: sqlite3.Connection) -> None:
    """Settle the pending entries of loads their store holds: a load killed after its
    store named its state, before it settled them. (Never discards: a load may be part
    way through its commit.)"""
    pending = connection.execute("select distinct load_id, store from pending").fetchall()
    for load_id, store in pending:
        if load_id in Store(Path(store)).loads():
            with connection:
                for statement in SETTLE:
                    connection.execute(statement, (load_id,))


def resolutions(path: Path | None = None) -> Iterable[tuple]:
    """The record of every resolution: (at, who, why, token, found)."""
    path = path or config.home().reidentification
    connection = sqlite3.connect(path)
    try:
        return connection.execute("select * from resolutions order by rowid").fetchall()
    finally:
        connection.close()
