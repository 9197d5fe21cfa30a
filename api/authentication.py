"""`Authorization: Bearer <token>` for Django REST framework."""

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from api import services
from portal.views.account import client_ip


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Give the token after “Bearer ”."))
        try:
            secret = header[1].decode()
        except UnicodeError as error:
            raise exceptions.AuthenticationFailed(_("The token is not valid.")) from error
        try:
            token = services.token_authenticate(secret)
        except services.TokenRefused as refused:
            raise exceptions.AuthenticationFailed(str(refused)) from refused
        services.token_record_use(
            token=token, method=request.method, path=request.path, address=client_ip(request)
        )
        return token.user, token

    def authenticate_header(self, request):
        # Makes a refusal a 401 (not a 403), with the scheme the client should use.
        return f'{self.keyword} realm="api"'
