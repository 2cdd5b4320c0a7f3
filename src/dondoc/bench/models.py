from __future__ import annotations

from django.db import models


class Dataset(models.Model):
    """Marks a database as holding a complete benchmark dataset (written last, so a build that was
    interrupted is never reused)."""

    key = models.CharField(max_length=64, unique=True)  # size, generator and schema (dataset_key)
    tasks = models.PositiveIntegerField()
    events = models.PositiveIntegerField()
    built_at = models.DateTimeField(auto_now_add=True)
    seconds = models.FloatField()

    def __str__(self) -> str:
        return self.key
