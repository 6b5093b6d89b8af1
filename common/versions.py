"""A counter per edition that PostgreSQL triggers raise on every write to what some pages show,
so that what those pages computed can be kept until it moves (the directory's, the meetings')."""

from django.db import connection, models


class EditionVersion(models.Model):
    """How often anything an edition's pages of one kind show has changed. No foreign key to
    the edition: while an edition is deleted its rows' triggers may write its row once more."""

    edition_id = models.BigIntegerField(primary_key=True)
    version = models.BigIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.edition_id}: {self.version}"

    @classmethod
    def of(cls, edition_id: int) -> int | None:
        """The edition's version, or None where no trigger keeps one (SQLite)."""
        if connection.vendor != "postgresql":
            return None
        row = cls.objects.filter(edition_id=edition_id).values_list("version", flat=True)
        return row.first() or 0
