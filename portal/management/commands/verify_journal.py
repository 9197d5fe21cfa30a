"""Seal what is unsealed, then walk the journal's chain (portal.journal_chain): prints the
count, or the first broken link and why, and exits with status 1 on a break."""

from django.core.management.base import BaseCommand, CommandError

from portal import journal_chain


class Command(BaseCommand):
    help = "Verify the journal's tamper-evident chain and name the first broken link."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-seal",
            action="store_true",
            help="Verify only what is sealed already, writing nothing.",
        )

    def handle(self, *args, no_seal=False, **options):
        result = journal_chain.verify() if no_seal else journal_chain.seal_and_verify()
        if not result.ok:
            raise CommandError(
                f"Journal chain broken at entry seq {result.seq} (id {result.pk}): "
                f"{result.reason} {result.count} entries before it verified."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Journal chain intact: {result.count} entries verified"
                + (f", head digest {result.head_digest}." if result.count else ".")
            )
        )
