"""Each person's name, email and groups in the ID token and at userinfo, the groups read
from the file the tests write (server.Provider.set_groups): the directory, as it were."""

import json
import os
from pathlib import Path

from oauth2_provider.oauth2_validators import OAuth2Validator


def directory() -> dict[str, list[str]]:
    return json.loads(Path(os.environ["TEST_PROVIDER_GROUPS"]).read_text())


class GroupsValidator(OAuth2Validator):
    # Entra ID sends groups with the openid scope, once the application asks for them.
    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "groups": "openid"}

    def get_additional_claims(self, request):
        user = request.user
        return {
            "given_name": user.first_name,
            "family_name": user.last_name,
            "name": user.get_full_name(),
            "email": user.email,
            "preferred_username": user.username,
            "groups": directory().get(user.username, []),
        }
