"""Asking for a file and making it: the request records what is wanted and answers at once; the
worker makes the file, saying how far it got, and emails a link when the asker has left.

Tasks are stored by their import path when queued: keep `make_download` here.
"""

import logging
import time

from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from common import pdf
from downloads import kinds
from downloads.models import Download
from outbox import sending as outbox

logger = logging.getLogger(__name__)
Status = Download.Status
# A page that looked at its download this recently is still open: no email needed.
STILL_LOOKING_SECONDS = 20
PROGRESS_EVERY_SECONDS = 0.5


def request_download(*, kind: str, user, title: str, arguments: dict | None = None) -> Download:
    """Record what is wanted and queue the worker's task; return at once."""
    kinds.get(kind)  # an unknown kind fails here, in the request, not later in the worker
    with transaction.atomic():
        download = Download.objects.create(
            kind=kind,
            title=title[:200],
            arguments=arguments or {},
            requested_by=user,
            language=translation.get_language() or "en",
            last_seen_at=timezone.now(),
        )
        # The task is a row of the same database: written in this transaction, or not at all.
        make_download.enqueue(download.pk)
    return download


def may_fetch(user, download: Download) -> bool:
    """Only the asker, still holding the permission the file needs."""
    kind = kinds.REGISTRY.get(download.kind)
    if kind is None or download.requested_by_id != user.pk:
        return False
    return not kind.permission or user.has_perm(kind.permission)


@task()
def make_download(download_id: int) -> str:
    claimed = Download.objects.filter(pk=download_id, status=Status.QUEUED).update(
        status=Status.MAKING
    )
    if not claimed:
        return "not claimed"
    download = Download.objects.select_related("requested_by").get(pk=download_id)
    kind = kinds.get(download.kind)()
    if kind.permission and not download.requested_by.has_perm(kind.permission):
        with translation.override(download.language):
            return fail(download, _("The account no longer holds the role this file needs."))
    last_report, steps = [0.0], [1]

    def progress(done: int, total: int) -> None:
        steps[0] = max(total, 1)
        now = time.monotonic()
        if now - last_report[0] >= PROGRESS_EVERY_SECONDS or done >= total:
            last_report[0] = now
            Download.objects.filter(pk=download_id).update(done=done, total=total)

    try:
        with translation.override(download.language):
            made = kind.make(download, progress)
    except pdf.PdfUnavailable:
        with translation.override(download.language):
            return fail(download, str(pdf.UNAVAILABLE_MESSAGE))
    except Exception:
        logger.exception("Making download %s (%s) failed", download_id, download.kind)
        return fail(download, "")
    download.file.save(made.filename, ContentFile(made.content), save=False)
    download.filename, download.content_type = made.filename, made.content_type
    download.status, download.finished_at = Status.READY, timezone.now()
    download.done = download.total = steps[0]
    download.save()
    seen = Download.objects.filter(pk=download_id).values_list("last_seen_at", flat=True).get()
    left = seen is None or (timezone.now() - seen).total_seconds() > STILL_LOOKING_SECONDS
    if left and download.requested_by.email:
        outbox.queue(
            "downloads_ready", person=download.requested_by, details={"download": download_id}
        )
    remove_expired()
    return "ready"


def fail(download: Download, message: str) -> str:
    Download.objects.filter(pk=download.pk).update(
        status=Status.FAILED, error=message, finished_at=timezone.now()
    )
    return "failed"


def remove_expired() -> int:
    expired = list(Download.objects.expired())
    for download in expired:
        if download.file:
            download.file.delete(save=False)
    Download.objects.filter(pk__in=[d.pk for d in expired]).delete()
    return len(expired)


def looked_at(download: Download) -> None:
    Download.objects.filter(pk=download.pk).update(last_seen_at=timezone.now())
