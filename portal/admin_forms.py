"""The Django admin's forms for people and memberships: one identity per person, and
separation of duties (三权分立) checked over all of a person's memberships at once."""

from django import forms
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from portal.identity import UniqueIdentityMixin
from portal.models import Membership, User, self_grant_error, separation_of_duties_error


class PersonChangeForm(UniqueIdentityMixin, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User


class PersonCreationForm(UniqueIdentityMixin, AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User


class MembershipAdminForm(forms.ModelForm):
    """The membership page. The model's clean checks the person's other memberships; this
    refuses a separated role given by the administrator to themselves."""

    acting_user = None  # set per request by MembershipAdmin.get_form

    class Meta:
        model = Membership
        fields = ("user", "unit", "role")

    def clean(self):
        data = super().clean()
        user, role = data.get("user"), data.get("role")
        changed = {"user", "role"} & set(self.changed_data) or self.instance.pk is None
        if user is not None and role and changed:
            error = self_grant_error(role=role, user=user, by=self.acting_user)
            if error is not None:
                self.add_error(None, error)
        return data


class MembershipInlineFormSet(BaseInlineFormSet):
    """A person's memberships on their page. The page shows only those in the units the
    administrator manages; separation of duties is checked over what the forms hold (new,
    changed and deleted in this submit) together with the person's other memberships as
    stored. The message names the role in conflict, never the unit of a membership the
    administrator may not see."""

    acting_user = None  # set per request by MembershipInline.get_formset

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        # Checked here over the whole set, not form by form against the stored rows (which a
        # change in the same submit may make stale).
        form.instance.separation_checked = True
        return form

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        shown, kept = set(), []
        for form in self.forms:
            if form.instance.pk is not None:
                shown.add(form.instance.pk)
            role = form.cleaned_data.get("role")
            if not role or (self.can_delete and self._should_delete_form(form)):
                continue
            kept.append((form, role))
        stored = []
        if self.instance.pk is not None:
            others = Membership.objects.filter(user=self.instance).exclude(pk__in=shown)
            stored = list(others.values_list("role", flat=True))
        conflict = None
        for i, (form, role) in enumerate(kept):
            held = stored + [other for j, (_form, other) in enumerate(kept) if j != i]
            error = separation_of_duties_error(
                role=role, held=held, is_staff=self.instance.is_staff
            )
            is_new = form.instance.pk is None or "role" in form.changed_data
            if error is None and is_new:
                error = self_grant_error(role=role, user=self.instance, by=self.acting_user)
            if error is None:
                continue
            if is_new:
                form.add_error(None, error)
            conflict = conflict or error
        if conflict is not None and not any(form.errors for form, _role in kept):
            # Only memberships nobody changed conflict (staff status was ticked, or the
            # person held the roles before the rule): said above the memberships.
            raise ValidationError(conflict.error_dict["role"])
