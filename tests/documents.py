"""Fetching a made document (portal.documents) as a person does: the first time, its address
leads to the page that waits for the PDF; the job then makes it, and the same address serves
the stored file."""

from django.apps import apps
from django.urls import resolve

from portal import documents

MODELS = {"awards": "awards.AwardDocument", "donations": "donations.CertificateDocument"}


def waiting_document(response):
    """The document whose waiting page `response` redirects to."""
    assert response.status_code == 302, response.status_code
    match = resolve(response["Location"])
    assert match.url_name == "document", response["Location"]
    return apps.get_model(MODELS[match.namespace]).objects.get(pk=match.kwargs["pk"])


def download_made(client, url):
    """The PDF at `url`, made here by the job's own code (as a worker would) when the first
    request leads to the waiting page."""
    response = client.get(url)
    if response.status_code != 302:
        return response
    document = waiting_document(response)
    documents.make(type(document), document.pk)
    return client.get(url)


def content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content
