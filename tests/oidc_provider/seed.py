"""Prepare the provider's database: its tables, its people, and Smeaton as a client.

    python -m tests.oidc_provider.seed SPEC_JSON

SPEC_JSON names the client (id, secret, redirect and sign-out URIs) and the people
(username, password, first name, last name, email).
"""

import json
import sys

import django


def main(spec: dict) -> None:
    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from oauth2_provider.models import Application

    call_command("migrate", interactive=False, verbosity=0)
    for person in spec["people"]:
        user = User(username=person["username"], first_name=person["first_name"],
                    last_name=person["last_name"], email=person["email"])
        user.set_password(person["password"])
        user.save()
    client = spec["client"]
    Application.objects.create(
        name="Smeaton", client_id=client["id"], client_secret=client["secret"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(client["redirect_uris"]),
        post_logout_redirect_uris=" ".join(client["post_logout_redirect_uris"]),
        algorithm=Application.RS256_ALGORITHM, skip_authorization=True)


if __name__ == "__main__":
    main(json.loads(sys.argv[1]))
