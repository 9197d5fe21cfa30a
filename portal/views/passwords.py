"""Changing one's password, then going on to where one was (after an expired password)."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.utils.translation import gettext as _

from portal.sessions import safe_next


class PasswordChangeView(auth_views.PasswordChangeView):
    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "next": safe_next(self.request)}

    def get_success_url(self):
        target = safe_next(self.request)
        if target:
            messages.success(self.request, _("Your password has been changed."))
            return target
        return super().get_success_url()
