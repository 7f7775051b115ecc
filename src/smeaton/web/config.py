"""Configuration read from the environment, in one place, with clear errors.

Every setting an operator may change is an environment variable named ``SMEATON_*``
(plus ``DATABASE_URL``); docs/operating.md lists them all.
"""

import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_flag(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r}: use true or false.")


def env_int(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r}: use a whole number.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r}: use a number of at least {minimum}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def data_dir() -> Path:
    """Where this installation keeps its files (database, secret key, static files)."""
    path = Path(os.environ.get("SMEATON_DATA_DIR", "var")).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def secret_key(demo: bool) -> str:
    """The secret key comes from the environment; only the demo may make its own."""
    key = os.environ.get("SMEATON_SECRET_KEY", "").strip()
    if key:
        return key
    if not demo:
        raise ImproperlyConfigured(
            "SMEATON_SECRET_KEY is not set. Set it to a long random value kept out of "
            "the repository, for example: "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    # The demo keeps a generated key in its own data folder, which git ignores.
    path = data_dir() / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


@dataclass(frozen=True)
class Council:
    """The one council this installation serves."""

    name: str
    la_code: str  # the DfE "old" three-digit LA code, e.g. 879 for Plymouth


def council() -> Council:
    name = os.environ.get("SMEATON_COUNCIL_NAME", "").strip()
    la_code = os.environ.get("SMEATON_LA_CODE", "").strip()
    if not name or not la_code:
        raise ImproperlyConfigured(
            "Set SMEATON_COUNCIL_NAME and SMEATON_LA_CODE to the council this installation "
            "serves, for example 'Plymouth City Council' and 879."
        )
    if not re.fullmatch(r"\d{3}", la_code):
        raise ImproperlyConfigured(
            f"SMEATON_LA_CODE={la_code!r}: use the council's three-digit DfE LA code "
            "(old_la_code), for example 879."
        )
    return Council(name=name, la_code=la_code)


NEIGHBOUR_MODELS = ("2021", "2025")


def neighbour_model() -> str:
    """Which DfE statistical neighbour model the benchmarks use: 2025 unless set."""
    model = os.environ.get("SMEATON_NEIGHBOUR_MODEL", "2025").strip()
    if model not in NEIGHBOUR_MODELS:
        raise ImproperlyConfigured(
            f"SMEATON_NEIGHBOUR_MODEL={model!r}: use 2025 (DfE's 2025 model) or 2021 "
            "(the NFER model of April 2021)."
        )
    return model
