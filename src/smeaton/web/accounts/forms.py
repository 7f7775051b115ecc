from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    # One message for a wrong username or a wrong password: saying which was wrong
    # would tell a guesser which usernames exist.
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been closed. Ask your Smeaton administrator.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(spellcheck="false", autocapitalize="none")
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
