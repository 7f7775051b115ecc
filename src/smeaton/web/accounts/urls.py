from django.contrib.auth.decorators import login_not_required
from django.urls import path

from smeaton.web.accounts import oidc, views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-in/two-factor/", views.two_factor_code, name="two-factor"),
    path("sign-in/two-factor/recovery-code/", views.recovery_code, name="recovery-code"),
    # Signing in through the council's identity provider (OpenID Connect).
    path("sign-in/provider/", login_not_required(oidc.ProviderSignIn.as_view()),
         name="provider-sign-in"),
    path("sign-in/provider/callback/", login_not_required(oidc.ProviderCallback.as_view()),
         name="provider-callback"),
    path("sign-in/refused/", login_not_required(oidc.refused), name="sign-in-refused"),
    path("sign-out/", login_not_required(views.SignOutView.as_view()), name="sign-out"),
    path("account/", views.account, name="account"),
    path("account/password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("account/two-factor/", views.two_factor_setup, name="two-factor-setup"),
    path("account/two-factor/recovery-codes/", views.recovery_codes, name="recovery-codes"),
    path("people/", views.people, name="people"),
    path("people/<int:pk>/", views.person, name="person"),
]
