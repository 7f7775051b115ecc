"""The address a request came from, for sign-in throttling and the audit of sign-ins.

Behind a reverse proxy every request comes from the proxy's address, so throttling by
it would let anyone lock any account for everyone. The client's own address is in the
proxy's X-Forwarded-For header, but a client can write that header too, so it is
believed only for a request that arrived from a proxy the operator named as trusted
(``SMEATON_TRUSTED_PROXIES``): reading the header from the right, the first address
that is not itself a trusted proxy is the client's.
"""

import ipaddress

from django.conf import settings


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in settings.TRUSTED_PROXIES)


def client_address(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    if not remote or not _trusted(remote):
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for address in reversed([part for part in forwarded if part]):
        if not _trusted(address):
            try:
                return str(ipaddress.ip_address(address))
            except ValueError:
                return remote  # a header that is not an address: trust only the proxy's
    return remote


def forwarded_only_from_trusted_proxies(get_response):
    """Remove the X-Forwarded-* headers of a request that did not come from a trusted
    proxy, before anything reads them: a client could otherwise claim its connection
    was HTTPS (``SECURE_PROXY_SSL_HEADER``) or give itself another address."""

    def middleware(request):
        if not _trusted(request.META.get("REMOTE_ADDR", "")):
            for header in [key for key in request.META if key.startswith("HTTP_X_FORWARDED_")]:
                del request.META[header]
        return get_response(request)

    return middleware
