"""A real OpenID Connect provider for the tests, standing in for the council's Microsoft
Entra ID: a small Django project on django-oauth-toolkit, run in a process of its own on
a loopback port (server.py), signing ID tokens with an RS256 key made for the run, and
putting each person's groups in a ``groups`` claim, as Entra ID does."""
