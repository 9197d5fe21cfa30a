from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.template import loader
from django.utils.translation import gettext_lazy as _

from portal import jobs
from portal.tasks import send_email


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django docs, "Uploading multiple files"): cleans to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single_clean = super().clean
        if isinstance(data, list | tuple):
            return [single_clean(d, initial) for d in data]
        return [single_clean(data, initial)] if data else []


# The honeypot of the forms anyone may post without signing in: a field hidden from people
# (off screen, out of the tab order, hidden from screen readers) that bots completing every
# field fill in. Its label tells a person who reaches it anyway to leave it.
HONEYPOT = "website"
HONEYPOT_REFUSED = _(
    "Your form was not accepted: the field that must stay empty was filled in. Please clear "
    "it and try again."
)


class HoneypotInput(forms.TextInput):
    """Never shows a value: what a bot put there is not echoed back into the page."""

    def format_value(self, value):
        return None


def honeypot_layout() -> Div:
    """The honeypot's place in a crispy layout: present in the form, not on the screen."""
    return Div(HONEYPOT, css_class="visually-hidden", aria_hidden="true")


class HoneypotMixin:
    """Adds the honeypot to a form. A form without a crispy helper of its own gets one that
    lays out its fields in order with the honeypot hidden last (render it `{% crispy form %}`);
    a form with its own layout puts `honeypot_layout()` in it. The view refuses the post,
    before validating it, when `is_bot`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT] = forms.CharField(
            label=_("Leave this field empty"),
            required=False,
            widget=HoneypotInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )
        if not hasattr(self, "helper"):
            self.helper = FormHelper()
            self.helper.form_tag = False
            self.helper.disable_csrf = True
            self.helper.layout = Layout(
                *[name for name in self.fields if name != HONEYPOT], honeypot_layout()
            )

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT, "").strip())


class QueuedPasswordResetForm(PasswordResetForm):
    """Renders the reset mail in the request and hands the sending to a job, so a slow
    mail server never holds up the page, a failing one is retried, and a task service that
    is down only delays the mail (`jobs` says which are still waiting for it)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.jobs = []

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        html = (
            loader.render_to_string(html_email_template_name, context)
            if html_email_template_name
            else None
        )
        self.jobs.append(jobs.enqueue(send_email, subject, body, [to_email], html))


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    next = forms.CharField(required=False)
