"""Start the test provider in a process of its own, on a free loopback port."""

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, replace
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from smeaton.config import IdentityProvider

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
PASSWORD = "council-password"  # noqa: S105  the test provider's people's password
# The council's groups, as Entra ID would send them, and the roles they give.
ROLE_GROUPS = (("administrator", "sg-smeaton-admins"), ("leadership", "sg-smeaton-leaders"),
               ("analyst", "sg-smeaton-analysts"), ("viewer", "sg-smeaton-readers"))
PEOPLE = [
    {"username": "jo.hughes", "first_name": "Jo", "last_name": "Hughes",
     "email": "jo.hughes@plymouth.example"},
    {"username": "kim.patel", "first_name": "Kim", "last_name": "Patel",
     "email": "kim.patel@plymouth.example"},
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@dataclass
class Provider:
    """A running provider: its issuer, Smeaton's client at it, and its directory."""

    folder: Path
    smeaton_urls: list[str]  # the addresses Smeaton answers at, for its redirect URIs
    client_id: str = "smeaton"
    client_secret: str = ""
    issuer: str = ""
    process: subprocess.Popen | None = None

    def start(self) -> "Provider":
        port = free_port()
        self.issuer = f"http://{HOST}:{port}/o"
        self.client_secret = secrets.token_urlsafe(24)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.groups_file = self.folder / "groups.json"
        self.set_groups({})
        environment = {
            **{k: v for k, v in os.environ.items()
               if not k.startswith(("SMEATON_", "DJANGO_", "DATABASE_URL"))},
            "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
            "PYTHONPATH": str(ROOT),
            "TEST_PROVIDER_DATABASE": str(self.folder / "provider.sqlite3"),
            "TEST_PROVIDER_GROUPS": str(self.groups_file),
            "TEST_PROVIDER_ISSUER": self.issuer,
            "TEST_PROVIDER_KEY": key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption()).decode(),
        }
        spec = {
            "client": {
                "id": self.client_id, "secret": self.client_secret,
                "redirect_uris": [f"{url}/sign-in/provider/callback/"
                                  for url in self.smeaton_urls],
                "post_logout_redirect_uris": [f"{url}/sign-in/" for url in self.smeaton_urls],
            },
            "people": [person | {"password": PASSWORD} for person in PEOPLE],
        }
        subprocess.run([sys.executable, "-m", "tests.oidc_provider.seed", json.dumps(spec)],
                       cwd=ROOT, env=environment, check=True, capture_output=True)
        self.log = (self.folder / "provider.log").open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--bind", f"{HOST}:{port}", "--workers", "1",
             "--threads", "4", "--timeout", "60", "tests.oidc_provider.wsgi:application"],
            cwd=ROOT, env=environment, stdout=self.log, stderr=subprocess.STDOUT)
        self.wait_until_serving()
        return self

    def wait_until_serving(self) -> None:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{self.issuer}/.well-known/openid-configuration",
                                            timeout=2):
                    return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("The test provider did not start: see "
                                       f"{self.folder / 'provider.log'}") from None
                time.sleep(0.2)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        self.log.close()

    def set_groups(self, groups: dict[str, list[str]]) -> None:
        """Put people in the directory's groups (their next sign-in sees it)."""
        self.groups_file.write_text(json.dumps(groups))

    def settings(self, **changes) -> IdentityProvider:
        """Smeaton's SMEATON_OIDC_* for this provider, as an operator would set them."""
        return replace(IdentityProvider(
            issuer=self.issuer, client_id=self.client_id, client_secret=self.client_secret,
            role_groups=ROLE_GROUPS, name="your Plymouth account"), **changes)
