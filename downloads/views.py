"""The asker's page of a file being made (its progress, then the file), and the file itself."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from downloads import services
from downloads.models import Download


def own_download(request: HttpRequest, pk: int) -> Download:
    download = get_object_or_404(Download, pk=pk)
    if not services.may_fetch(request.user, download):
        raise Http404("not this person's file")  # nobody learns that it exists
    return download


@never_cache
@require_safe
@login_required
def download_page(request: HttpRequest, pk: int) -> HttpResponse:
    download = own_download(request, pk)
    services.looked_at(download)
    return render(request, "downloads/download.html", {"download": download})


@never_cache
@require_safe
@login_required
def download_file(request: HttpRequest, pk: int) -> FileResponse:
    download = own_download(request, pk)
    if download.status != Download.Status.READY or not download.file:
        raise Http404("not ready")
    response = FileResponse(
        download.file.open("rb"),
        as_attachment=True,
        filename=download.filename,
        content_type=download.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response
