from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

from smeaton.web.forms import GovukErrorsMixin, GovukForm


class SignInForm(GovukErrorsMixin, AuthenticationForm):
    # One message for a wrong username or a wrong password: saying which was wrong
    # would tell a guesser which usernames exist.
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been closed. Ask your Smeaton administrator.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # No autofocus: it would carry keyboard users past the skip link and the header.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["username"].widget.attrs.update(spellcheck="false", autocapitalize="none")
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"


class ChangePasswordForm(GovukErrorsMixin, PasswordChangeForm):
    error_messages = {
        "password_incorrect": "Your current password is not correct",
        "password_mismatch": "The new passwords do not match",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        wording = {
            "old_password": ("Current password", "Enter your current password", None),
            "new_password1": ("New password", "Enter a new password",
                              "Use at least 12 characters. Avoid common passwords, and "
                              "passwords that are all numbers or like your name or username."),
            "new_password2": ("Confirm new password", "Confirm your new password", None),
        }
        for name, (label, required, hint) in wording.items():
            field = self.fields[name]
            field.label = label
            field.error_messages["required"] = required
            field.help_text = hint or ""
            field.widget.attrs.pop("autofocus", None)


# The password rules of settings.AUTH_PASSWORD_VALIDATORS, in the Design System's words.

class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return "Your new password must be %(min_length)d characters or more"


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    def get_error_message(self):
        return "Your new password is too like your %(verbose_name)s: choose one less like it"


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_error_message(self):
        return "Your new password is too common: choose one that is harder to guess"


class NumericPasswordValidator(password_validation.NumericPasswordValidator):
    def get_error_message(self):
        return "Your new password must include letters or symbols, not only numbers"


class PersonField(forms.ModelChoiceField):
    """A choice of person, each shown with their role, so a milestone is not given to a
    councillor by mistake."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", "Choose a person")
        super().__init__(*args, **kwargs)

    def label_from_instance(self, person):
        return f"{person} ({person.get_role_display()})"


class SecurityCodeForm(GovukForm):
    """The 6-digit code an authenticator app shows, in the Design System's words."""

    code = forms.CharField(
        label="Security code", max_length=20,
        error_messages={"required": "Enter the security code"},
        widget=forms.TextInput(attrs={
            "class": "govuk-input--width-5 govuk-input--extra-letter-spacing",
            "autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}),
    )

    def __init__(self, *args, hint: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = hint

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("The security code must be 6 numbers")
        return code


class RecoveryCodeForm(GovukForm):
    code = forms.CharField(
        label="Recovery code", max_length=40,
        help_text="One of the 10 codes you saved when you set up two-factor authentication, "
                  "for example abcde-fghjk. Each code works once.",
        error_messages={"required": "Enter a recovery code"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10",
                                      "autocomplete": "off", "spellcheck": "false",
                                      "autocapitalize": "none"}),
    )
