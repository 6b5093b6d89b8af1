"""A file asked for by an organiser or door staff, made by the worker while they wait."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common import images

KEPT_FOR = dt.timedelta(days=1)  # a made file is removed after this long


def download_upload_name(instance, filename: str) -> str:
    return images.random_upload_name(instance, filename)


class DownloadQuerySet(models.QuerySet):
    def expired(self, now: dt.datetime | None = None):
        return self.filter(created_at__lt=(now or timezone.now()) - KEPT_FOR)


class Download(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        MAKING = "making", _("Being made")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    arguments = models.JSONField(_("arguments"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="downloads",
        verbose_name=_("asked for by"),
    )
    language = models.CharField(_("language"), max_length=10, default=settings.LANGUAGE_CODE)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("to do"), default=0)
    file = models.FileField(_("file"), upload_to=download_upload_name, blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    error = models.TextField(_("what went wrong"), blank=True)
    created_at = models.DateTimeField(_("asked for"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # When the asker's page last looked: a file finished long after gets an email instead.
    last_seen_at = models.DateTimeField(_("last looked at"), null=True, blank=True)

    objects = DownloadQuerySet.as_manager()

    class Meta:
        verbose_name = _("file to download")
        verbose_name_plural = _("files to download")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["queued", "making", "ready", "failed"]),
                name="download_status_is_known",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("downloads:download", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.MAKING)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0
