"""Reminders and their mails for Prometheus (registered with portal.metrics at start)."""

import logging

from django.db import DatabaseError
from django.db.models import Count
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from notifications.models import EmailStatus, Reminder

logger = logging.getLogger(__name__)


class RemindersCollector(Collector):
    """Reminders by the state of their mail (sent, failed, pending, ...), counted in the
    database at scrape time: one GROUP BY on the index `reminder_email_status`. Gauges, not
    counters: a failed mail that an administrator sends again moves from failed to sent."""

    def describe(self):
        # Registering asks for the names: from here, not from a query before migrations ran.
        return [self._family()]

    def _family(self):
        return GaugeMetricFamily(
            "portal_reminders",
            "Deadline reminders by the state of their mail",
            labels=["email_status"],
        )

    def collect(self):
        reminders = self._family()
        try:
            counts = dict(
                Reminder.objects.order_by()
                .values_list("email_status")
                .annotate(n=Count("pk"))
                .values_list("email_status", "n")
            )
        except DatabaseError as error:
            logger.warning("Reminders not counted, the database does not answer: %s", error)
            return
        for status in EmailStatus.values:
            reminders.add_metric([status], counts.get(status, 0))
        yield reminders
