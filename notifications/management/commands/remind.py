from datetime import date

from django.core.management.base import BaseCommand, CommandError

from notifications import services
from notifications.tasks import send_reminder_emails
from portal.clock import china_today
from portal.models import Job, JobState


class Command(BaseCommand):
    help = (
        "Send today's deadline reminders (what the 09:00 beat job does). Running it twice "
        "sends nothing the second time."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be sent and to whom."
        )
        parser.add_argument("--today", help="Act as if it were this day (YYYY-MM-DD).")

    def handle(self, *args, dry_run=False, today=None, **options):
        try:
            day = date.fromisoformat(today) if today else china_today()
        except ValueError as exc:
            raise CommandError(f"--today must be YYYY-MM-DD, not {today!r}") from exc
        result = services.reminders_run(today=day, dry_run=dry_run)
        if not result.working_day:
            self.stdout.write(f"{day}: not a working day, no reminders.")
            return
        for planned in result.planned:
            person = planned.person
            self.stdout.write(
                f"{planned.step:<12} {planned.due.deadline}  {planned.due.what}  → "
                f"{person.get_full_name()} <{person.email or '-'}>"
                f"{' (portal only)' if not (person.email_reminders and person.email) else ''}"
            )
        if dry_run:
            self.stdout.write(f"Dry run: {len(result.planned)} reminder(s) due, none sent.")
        else:
            self.stdout.write(
                f"{result.created} reminder(s) sent, "
                f"{len(result.planned) - result.created} sent before; "
                f"{result.requeued} held-back mail(s) queued again."
            )
            waiting = Job.objects.filter(
                task=send_reminder_emails.name, state=JobState.WAITING
            ).count()
            if waiting:
                self.stdout.write(
                    f"The task service is not answering: {waiting} mail job(s) wait in the "
                    "database and are handed over when it is back."
                )
