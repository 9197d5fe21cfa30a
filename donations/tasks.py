from celery import shared_task

from donations import services
from donations.models import Certificate


@shared_task(acks_late=True)
def wish_claims_expire() -> int:
    """Run daily (beat): lapsed claims return their wishes to the list."""
    return services.wish_claims_expire()


@shared_task(acks_late=True, autoretry_for=(OSError,), max_retries=3, retry_backoff=30)
def certificate_render(certificate_id: int) -> bool:
    certificate = Certificate.objects.filter(pk=certificate_id).first()
    if certificate is None or certificate.pdf:
        return False
    return services.certificate_render(certificate=certificate)
