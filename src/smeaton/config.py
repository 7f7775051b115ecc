"""The installation's configuration, read from the environment in one place, with clear
errors, for the web room, the ``smeaton`` command and the analytics room alike.

Every setting an operator may change is an environment variable named ``SMEATON_*``
(plus ``DATABASE_URL``); docs/operating.md lists them all. One of them, SMEATON_HOME,
names the folder the installation keeps everything in (see ``Home``).

A mistake raises ``ConfigurationError``, whose message names the variable and what to
set. Pure Python, without Django: the analytics room reads its home here too.
"""

from __future__ import annotations

import ipaddress
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}
HOME = "SMEATON_HOME"
RETIRED_DATA_DIR = "SMEATON_DATA_DIR"


class ConfigurationError(Exception):
    """A setting is missing or not one Smeaton can use; the message says what to set."""


def env_flag(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ConfigurationError(f"{name}={raw!r}: use true or false.")


def env_int(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigurationError(f"{name}={raw!r}: use a whole number.") from None
    if value < minimum:
        raise ConfigurationError(f"{name}={raw!r}: use a number of at least {minimum}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


# --- The home: one folder for everything ------------------------------------------------


@dataclass(frozen=True)
class Home:
    """The folder an installation keeps everything in, and where each thing is in it."""

    path: Path

    @property
    def database(self) -> Path:
        """The SQLite database, unless DATABASE_URL names another."""
        return self.path / "smeaton.sqlite3"

    @property
    def secret_key(self) -> Path:
        """The demo's own secret key (an installation's is SMEATON_SECRET_KEY)."""
        return self.path / "secret_key"

    @property
    def static(self) -> Path:
        """The collected static files."""
        return self.path / "static"

    @property
    def store(self) -> Path:
        """The analytic store, unless a command is given another (``--store``)."""
        return self.path / "data"

    @property
    def keys(self) -> Path:
        """The pseudonym and re-identification keys, unless the environment gives them."""
        return self.path / "keys"

    @property
    def reidentification(self) -> Path:
        """The re-identification table: each child token's own identifier, sealed."""
        return self.path / "reidentification.sqlite3"

    @property
    def reports(self) -> Path:
        """Each load's problem reports, in a folder named for the load."""
        return self.path / "reports"

    @property
    def uploads(self) -> Path:
        """The returns people upload from the browser, a folder for each load, readable
        by the account that runs Smeaton only, never served."""
        return self.path / "uploads"

    @property
    def providers(self) -> Path:
        """Ofsted's providers lists as the council last loaded them, for DfE's URN rules."""
        return self.path / "providers"

    def made(self) -> Home:
        """The home, made if need be, readable by its owner only when made here."""
        self.path.mkdir(parents=True, exist_ok=True, mode=0o700)
        return self


def home() -> Home:
    """SMEATON_HOME, or ``.smeaton`` in the home folder of the account that runs Smeaton."""
    if RETIRED_DATA_DIR in os.environ:
        raise ConfigurationError(
            f"{RETIRED_DATA_DIR} is no longer read: Smeaton keeps everything in one folder, "
            f"{HOME}. Move the files in {RETIRED_DATA_DIR} (smeaton.sqlite3, secret_key, "
            f"static) into the folder {HOME} names, and unset {RETIRED_DATA_DIR}.")
    raw = os.environ.get(HOME, "").strip()
    return Home((Path(raw).expanduser() if raw else Path.home() / ".smeaton").resolve())


def secret_key(demo: bool) -> str:
    """The secret key comes from the environment; only the demo may make its own."""
    key = os.environ.get("SMEATON_SECRET_KEY", "").strip()
    if key:
        return key
    if not demo:
        raise ConfigurationError(
            "SMEATON_SECRET_KEY is not set. Set it to a long random value kept out of "
            "the repository, for example: "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    # The demo keeps a generated key in its own home, which git ignores.
    path = home().made().secret_key
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


# --- The council --------------------------------------------------------------------------


@dataclass(frozen=True)
class Council:
    """The one council this installation serves."""

    name: str
    la_code: str  # the DfE "old" three-digit LA code, e.g. 879 for Plymouth


def la_code() -> str | None:
    """The three-digit DfE LA code of the council this installation serves
    (SMEATON_LA_CODE), or None when it is not set."""
    code = os.environ.get("SMEATON_LA_CODE", "").strip()
    if code and not re.fullmatch(r"\d{3}", code):
        raise ConfigurationError(
            f"SMEATON_LA_CODE={code!r}: use the council's three-digit DfE LA code "
            "(old_la_code), for example 879."
        )
    return code or None


def council() -> Council:
    name = os.environ.get("SMEATON_COUNCIL_NAME", "").strip()
    if not name or not os.environ.get("SMEATON_LA_CODE", "").strip():
        raise ConfigurationError(
            "Set SMEATON_COUNCIL_NAME and SMEATON_LA_CODE to the council this installation "
            "serves, for example 'Plymouth City Council' and 879."
        )
    return Council(name=name, la_code=la_code())


NEIGHBOUR_MODELS = ("2021", "2025")


def neighbour_model() -> str:
    """Which DfE statistical neighbour model the benchmarks use: 2025 unless set."""
    model = os.environ.get("SMEATON_NEIGHBOUR_MODEL", "2025").strip()
    if model not in NEIGHBOUR_MODELS:
        raise ConfigurationError(
            f"SMEATON_NEIGHBOUR_MODEL={model!r}: use 2025 (DfE's 2025 model) or 2021 "
            "(the NFER model of April 2021)."
        )
    return model


# --- Signing in ----------------------------------------------------------------------------


def local_sign_in() -> bool:
    """Whether people may sign in with a Smeaton username and password
    (SMEATON_LOCAL_SIGN_IN, on unless turned off)."""
    return env_flag("SMEATON_LOCAL_SIGN_IN", True)


LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
OIDC_VARIABLES = ("SMEATON_OIDC_ISSUER", "SMEATON_OIDC_CLIENT_ID", "SMEATON_OIDC_CLIENT_SECRET",
                  "SMEATON_OIDC_ROLE_GROUPS")


@dataclass(frozen=True)
class IdentityProvider:
    """The council's OpenID Connect provider (Microsoft Entra ID or another), through which
    people sign in, and how its groups give Smeaton roles."""

    issuer: str
    client_id: str
    client_secret: str = field(repr=False)
    # (role, group) pairs in the operator's order: the first whose group a person is in
    # gives their role.
    role_groups: tuple[tuple[str, str], ...] = ()
    name: str = "your council account"
    scopes: str = "openid profile email"
    groups_claim: str = "groups"
    # People who sign in through the provider have used its second factor, if it asks
    # for one: Smeaton does not ask for its own.
    trusts_provider_mfa: bool = True

    @property
    def discovery_url(self) -> str:
        return self.issuer.rstrip("/") + DISCOVERY_PATH

    @property
    def origin(self) -> str:
        parts = urlsplit(self.issuer)
        return f"{parts.scheme}://{parts.netloc}"

    def role_for(self, groups) -> str | None:
        """The role of someone in these groups, or None if no mapped group is theirs."""
        theirs = set(groups)
        return next((role for role, group in self.role_groups if group in theirs), None)


DISCOVERY_PATH = "/.well-known/openid-configuration"


def identity_provider(roles: list[str]) -> IdentityProvider | None:
    """The identity provider from SMEATON_OIDC_*, or None when SMEATON_OIDC_ISSUER and the
    rest are unset. ``roles`` are the role values a group may map to."""
    present = [name for name in OIDC_VARIABLES if os.environ.get(name, "").strip()]
    if not present:
        return None
    missing = [name for name in OIDC_VARIABLES if name not in present]
    if missing:
        raise ConfigurationError(
            f"Set {', '.join(missing)} too: signing in through the council's identity "
            f"provider needs {', '.join(OIDC_VARIABLES)}.")
    issuer = os.environ["SMEATON_OIDC_ISSUER"].strip()
    if issuer.endswith(DISCOVERY_PATH):  # the discovery document's address will do
        issuer = issuer[: -len(DISCOVERY_PATH)]
    parts = urlsplit(issuer)
    if parts.scheme != "https" and not (parts.scheme == "http"
                                        and parts.hostname in LOOPBACK_HOSTS):
        raise ConfigurationError(
            f"SMEATON_OIDC_ISSUER={issuer!r}: use the provider's https address, for example "
            "https://login.microsoftonline.com/TENANT-ID/v2.0")
    scopes = " ".join(os.environ.get("SMEATON_OIDC_SCOPES", "openid profile email").split())
    if "openid" not in scopes.split():
        raise ConfigurationError(f"SMEATON_OIDC_SCOPES={scopes!r}: include openid.")
    name = os.environ.get("SMEATON_OIDC_PROVIDER_NAME", "").strip()
    return IdentityProvider(
        issuer=issuer,
        client_id=os.environ["SMEATON_OIDC_CLIENT_ID"].strip(),
        client_secret=os.environ["SMEATON_OIDC_CLIENT_SECRET"].strip(),
        role_groups=role_groups(os.environ["SMEATON_OIDC_ROLE_GROUPS"], roles),
        name=name or IdentityProvider.name,
        scopes=scopes,
        groups_claim=os.environ.get("SMEATON_OIDC_GROUPS_CLAIM", "").strip() or "groups",
        trusts_provider_mfa=env_flag("SMEATON_OIDC_TRUST_PROVIDER_MFA", True),
    )


def role_groups(raw: str, roles: list[str]) -> tuple[tuple[str, str], ...]:
    """``administrator=sg-admins,viewer=sg-readers`` as (role, group) pairs, in order.

    A pair starts at a role's name and an equals sign, so a group's own name may hold
    commas and equals signs (``leadership=CN=DCS Team,OU=Groups``). A role may be given
    more than one group, each in a pair of its own."""
    variable = "SMEATON_OIDC_ROLE_GROUPS"
    example = "for example administrator=sg-smeaton-admins,viewer=sg-smeaton-readers"
    names = "|".join(re.escape(role) for role in sorted(roles, key=len, reverse=True))
    text = raw.strip()
    starts = list(re.finditer(rf"(?:^|,)\s*({names})\s*=", text))
    if not starts or starts[0].start() != 0:
        first = text.split("=", 1)[0].strip() if "=" in text else text
        raise ConfigurationError(
            f"{variable}: {first!r} is not a role. Use role=group pairs, {example}; the "
            f"roles are {', '.join(roles)}.")
    pairs = []
    for match, following in zip(starts, [*starts[1:], None], strict=True):
        end = following.start() if following else len(text)
        group = text[match.end():end].strip()
        if not group:
            raise ConfigurationError(
                f"{variable}: give {match.group(1)} a group after the equals sign, {example}.")
        # A misspelt role would otherwise join the group before it: a word that is no
        # directory attribute (CN=, OU=, DC=, street=) after a comma is taken for one.
        for word in re.findall(r",\s*([a-z_]{4,})\s*=", group):
            if word != "street":
                raise ConfigurationError(
                    f"{variable}: {word!r} is not a role. Use role=group pairs, {example}; "
                    f"the roles are {', '.join(roles)}.")
        pairs.append((match.group(1), group))
    return tuple(pairs)


def trusted_proxies() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """The proxies whose X-Forwarded-For header is believed: none unless set."""
    networks = []
    for item in env_list("SMEATON_TRUSTED_PROXIES", []):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ConfigurationError(
                f"SMEATON_TRUSTED_PROXIES: {item!r} is not an IP address or network; use "
                "addresses such as 10.0.0.5 or networks such as 10.0.0.0/24, separated by "
                "commas.") from None
    return networks


# --- Email -----------------------------------------------------------------------------


@dataclass(frozen=True)
class MailServer:
    """The SMTP server reminders are sent through (SMEATON_EMAIL_*)."""

    host: str
    port: int
    user: str
    password: str = field(repr=False)
    use_tls: bool  # STARTTLS on the submission port (587)
    use_ssl: bool  # TLS from the start (port 465)


def mail_server() -> MailServer | None:
    """The SMTP server from SMEATON_EMAIL_HOST and the rest, or None when it is not set:
    emails are then written to the log (the demo's console) rather than sent."""
    host = os.environ.get("SMEATON_EMAIL_HOST", "").strip()
    if not host:
        return None
    use_tls = env_flag("SMEATON_EMAIL_USE_TLS", True)
    use_ssl = env_flag("SMEATON_EMAIL_USE_SSL")
    if use_tls and use_ssl:
        raise ConfigurationError(
            "SMEATON_EMAIL_USE_TLS and SMEATON_EMAIL_USE_SSL are both on: use TLS for port "
            "587 (STARTTLS) or SSL for port 465, not both.")
    return MailServer(
        host=host,
        port=env_int("SMEATON_EMAIL_PORT", 465 if use_ssl else 587, minimum=1),
        user=os.environ.get("SMEATON_EMAIL_USER", "").strip(),
        password=os.environ.get("SMEATON_EMAIL_PASSWORD", ""),
        use_tls=use_tls, use_ssl=use_ssl)


def email_from() -> str:
    """The address reminders come from (SMEATON_EMAIL_FROM)."""
    address = os.environ.get("SMEATON_EMAIL_FROM", "").strip() or "smeaton@localhost"
    if "@" not in address:
        raise ConfigurationError(
            f"SMEATON_EMAIL_FROM={address!r}: use an email address, for example "
            "'Smeaton <smeaton@plymouth.gov.uk>'.")
    return address


def base_url(required: bool) -> str:
    """Where people reach Smeaton (SMEATON_BASE_URL), for the links in emails. Required
    when emails are sent for real: a link to the wrong place is worse than none."""
    raw = os.environ.get("SMEATON_BASE_URL", "").strip().rstrip("/")
    if not raw:
        if required:
            raise ConfigurationError(
                "SMEATON_BASE_URL is not set: set it to the address people use to reach "
                "Smeaton, for example https://smeaton.plymouth.gov.uk, so the links in "
                "its emails lead there.")
        return "http://localhost:8000"
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigurationError(
            f"SMEATON_BASE_URL={raw!r}: use a full address starting https://, for example "
            "https://smeaton.plymouth.gov.uk")
    return raw
