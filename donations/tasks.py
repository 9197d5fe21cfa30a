from celery import shared_task

from donations import services


@shared_task(acks_late=True)
def wish_claims_expire() -> int:
    """Run daily (beat): lapsed claims return their wishes to the list."""
    return services.wish_claims_expire()
