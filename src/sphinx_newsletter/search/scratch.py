"""Where the search indexing's scratch files go: in memory when there is room.

Indexing writes a small page per record (10,000 at 1,000 issues) and Pagefind
writes a fragment per record back. On a disk folder (ext4) writing and deleting
11,071 record pages took 14 s on this machine under load; in ``/dev/shm`` (a
memory file system, on Linux) 1.4 s. Docker gives containers a 64 MB
``/dev/shm``, so the memory folder is used only when it has room for the
records and the bundle, else the system's temporary folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

#: Linux's memory-backed folder, present on most systems and in containers.
MEMORY = Path("/dev/shm")
#: A memory file system stores each file in whole pages of this size.
PAGE = 4096
#: Room for the record pages and Pagefind's bundle (a fragment per record, the
#: index and filter chunks): three times the records, measured at 1,000 issues.
ROOM = 3


def room_needed(files: int, size: int) -> int:
    """The bytes the scratch folder holds for ``files`` record pages of ``size`` bytes."""
    return ROOM * (size + files * PAGE)


def scratch_folder(files: int, size: int) -> tempfile.TemporaryDirectory[str]:
    """A temporary folder for indexing ``files`` pages of ``size`` bytes in all."""
    roomy = (
        MEMORY.is_dir()
        and os.access(MEMORY, os.W_OK | os.X_OK)
        and shutil.disk_usage(MEMORY).free > room_needed(files, size)
    )
    return tempfile.TemporaryDirectory(prefix="nl-search-", dir=MEMORY if roomy else None)
