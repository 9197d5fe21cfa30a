import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from portal import jobs, two_factor
from portal.forms import LanguageForm, QueuedPasswordResetForm
from portal.security import current_policy
from portal.services import user_set_language


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        if self.request.session.get(two_factor.SESSION_CODE_DUE):
            # The password was right; a code from the person's authenticator comes next.
            query = urlencode({"next": self.get_success_url()})
            response = HttpResponseRedirect(f"{reverse('two-factor-verify')}?{query}")
        # The person's saved language follows them to any office PC they sign in on.
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            form.get_user().language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
        )
        return response


# Reset mails a mailbox may receive in an hour: enough for one lost and one retried, too
# few to fill someone's inbox. And reset requests from one address in an hour, for every
# mailbox together: an office behind one address resets a few passwords, not dozens.
RESETS_PER_HOUR_TO_ONE_MAILBOX = 3
RESETS_PER_HOUR_FROM_ONE_CLIENT = 10


class PasswordResetView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    html_email_template_name = "registration/password_reset_email.html"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        # Imported here: portal.ratelimit reads client_ip from this module.
        from portal.ratelimit import over_limit, rate_limited

        mailbox = hashlib.sha256(form.cleaned_data["email"].casefold().encode()).hexdigest()
        # Both counted on every request, so neither can be run up behind the other.
        from_client = rate_limited(
            self.request, "password-reset", limit=RESETS_PER_HOUR_FROM_ONE_CLIENT
        )
        to_mailbox = over_limit(
            f"password-reset-mailbox:{mailbox}", limit=RESETS_PER_HOUR_TO_ONE_MAILBOX
        )
        if from_client or to_mailbox:
            # No mail, and the very page a mail sent shows: a different answer would tell
            # which addresses have an account.
            return HttpResponseRedirect(self.get_success_url())
        response = super().form_valid(form)
        if any(jobs.is_waiting(job) for job in form.jobs):
            messages.warning(
                self.request,
                _(
                    "The mail service is not answering just now. The mail will be sent as "
                    "soon as it is back; you need not ask again."
                ),
            )
        return response


@require_POST
def set_language(request):
    """Django's set_language, remembering the choice on the person as well as the cookie."""
    form = LanguageForm(request.POST)
    if form.is_valid() and request.user.is_authenticated:
        user_set_language(user=request.user, language=form.cleaned_data["language"])
    return django_set_language(request)


def client_ip(request) -> str | None:
    """The address sign-in lockout is keyed on.

    Each of PROXY_COUNT trusted proxies appends the address it received the request from
    to X-Forwarded-For, so the client is the PROXY_COUNT-th entry from the right; anything
    further left was written by the client and is not trusted. Without proxies the header
    is ignored altogether, so a client cannot dodge the lockout by inventing addresses.
    """
    if settings.PROXY_COUNT:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= settings.PROXY_COUNT:
            return forwarded[-settings.PROXY_COUNT]
    return request.META.get("REMOTE_ADDR")


def locked_out(request, response=None, credentials=None):
    """What django-axes shows when a username and address pair is locked."""
    minutes = current_policy().cooloff_minutes
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)
