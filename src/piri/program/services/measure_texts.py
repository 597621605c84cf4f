"""The clinic's licensed questionnaire texts: ``<PIRI_MEASURES_TEXT_DIR>/<instrument>.yaml``.

Piri ships no licensed wording (docs/measures.md). A clinic that holds a licence writes one file
per instrument into the folder ``PIRI_MEASURES_TEXT_DIR`` (default: ``measures-text`` in the
data folder); an instrument whose text is ``clinic_supplied`` is asked only when its file is
there and valid. Files are read again when they change (keyed by modification time and size).
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from piri.domain.measures import Instrument, InstrumentText, MeasuresCatalog, TextSource
from piri.protocols import ProtocolError, builtin_measures, load_measure_text

log = logging.getLogger(__name__)


def catalog() -> MeasuresCatalog:
    """The instruments this installation knows (``measures.yaml`` shipped with Piri)."""
    return builtin_measures()


def text_dir() -> Path:
    return Path(settings.PIRI_MEASURES_TEXT_DIR)


def text_path(instrument_id: str) -> Path:
    return text_dir() / f"{instrument_id}.yaml"


def clinic_text(instrument: Instrument) -> InstrumentText | None:
    """The clinic's words for ``instrument``: ``None`` when it supplied no file (or a file
    that does not check out: that is logged, and the system check reports it at start)."""
    if instrument.text is not TextSource.CLINIC_SUPPLIED:
        return None
    path = text_path(instrument.id)
    try:
        stat = path.stat()
    except OSError:
        return None
    try:
        return _load(str(path), stat.st_mtime_ns, stat.st_size, instrument.id)
    except ProtocolError as exc:
        log.error("measure text %s cannot be used:\n%s", path, exc)
        return None


def text_problems() -> list[str]:
    """Every problem in the clinic's text files (for the system check); [] when all load."""
    problems: list[str] = []
    for instrument in catalog().instruments:
        path = text_path(instrument.id)
        if instrument.text is TextSource.CLINIC_SUPPLIED and path.is_file():
            try:
                load_measure_text(path, instrument=instrument)
            except ProtocolError as exc:
                problems.extend(exc.errors)
    return problems


@lru_cache(maxsize=32)
def _load(path: str, mtime_ns: int, size: int, instrument_id: str) -> InstrumentText:
    return load_measure_text(Path(path), instrument=catalog()[instrument_id])
