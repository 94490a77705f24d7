"""The digests of a run grouped by office and year: what the corpus rules (GL7xx) ask of
them — the reports an office filed for a year, the one before — found once per run."""
from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any, Iterable

if TYPE_CHECKING:
    from govlint.model.digest import Digest, Office


class Corpus:
    """The digests of a run (reported on) and of --history (context), grouped by office."""

    def __init__(self, digests: Iterable[Digest]):
        self.digests = sorted(digests, key=lambda d: (d.context, d.path))
        # By office key and year; within one, the reports of each office (same_as) are
        # found once (_of): a folder may hold many reports of one office and year (copies,
        # revisions), and every report asks for its office's last year, in each rule.
        self._by_office_year: dict[tuple[tuple[str, str], int], list[Digest]] = defaultdict(list)
        for d in self.digests:
            if d.office is not None and d.year is not None:
                self._by_office_year[(d.office.key, d.year)].append(d)
        self._offices: dict[tuple[Office, int], list[Digest]] = {}

    @property
    def targets(self) -> list[Digest]:
        return [d for d in self.digests if not d.context]

    def previous(self, digest: Digest) -> list[Digest]:
        """The same office's reports of the year before (usually one)."""
        return self.of_office(digest, digest.year - 1) if digest.year is not None else []

    def of_office(self, digest: Digest, year: int) -> list[Digest]:
        """The same office's reports of `year`, the digest itself left out."""
        if digest.office is None:
            return []
        found = self._of(digest.office, year)
        return [d for d in found if d is not digest] if year == digest.year else list(found)

    def _of(self, office: Office, year: int) -> list[Digest]:
        found = self._offices.get((office, year))
        if found is None:
            found = self._offices[(office, year)] = [
                d for d in self._by_office_year.get((office.key, year), ()) if d.office.same_as(office)]
        return found

    @staticmethod
    def office_id(digest: Digest) -> Any:
        """A hashable identity of the office (the report itself when unknown)."""
        return digest.office.key if digest.office is not None else ("", digest.path)

    @staticmethod
    def same_office(a: Digest, b: Digest) -> bool:
        return a.office is not None and b.office is not None and a.office.same_as(b.office)
