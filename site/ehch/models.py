"""The project shell's own records."""

from __future__ import annotations

from django.db import models


class JobLease(models.Model):
    """A scheduled job running now, on a database without advisory locks.

    ``ehch.cluster_lock`` uses PostgreSQL's advisory locks; on any other
    database (SQLite under ``make run``) one row per running job stands in
    for them: its name is unique, so only one run can insert it.
    """

    name = models.CharField(max_length=100, unique=True)
    token = models.CharField(max_length=32, help_text="Which run holds it.")
    holder = models.CharField(max_length=200, help_text="Machine and process id.")
    acquired_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(
        help_text="After this another run may take the lease over."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} held by {self.holder}"
