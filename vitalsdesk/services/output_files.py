"""Files written for people (exports, handout PDFs, the audit log's CSV): never over the clinic's
own files, never through a link, never half a file, and never one the audit log does not know.

The order of a write (docs/security.md, "Files the app writes"):

1. the destination is checked: not the clinic's database, keys, witness, settings, nor inside its
   backups, handout or log folders, after symlinks and relative paths are resolved;
2. a temporary file with a name nobody can guess is created in the destination's folder,
   exclusively, never through a link, private to the user (mode 0600), and filled with as many
   zeros as the file will hold: a full disk is found here, before anything is recorded and
   before any patient data is on the disk;
3. the audit event commits (the caller's `record`);
4. the content is written over the zeros, synced, and the file is renamed into place (a link
   planted at the destination is replaced, never followed). If that fails, the temporary file
   goes and `record_not_written` adds a second audit event saying no file was written.

So a kill at any moment leaves no file, or a file the audit log already holds: before step 3
only zeros are on the disk; the content is written only after the event is committed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, TypeVar

from vitalsdesk.db.engine import Database
from vitalsdesk.paths import DataFolder, sqlite_side_files
from vitalsdesk.services.errors import InvalidInput

T = TypeVar("T")

PARTIAL_SUFFIX = ".partial"
_CHUNK = 1 << 20


def protected_places(
    db: Database | None, data_folder: DataFolder | None = None
) -> tuple[list[tuple[Path, str]], list[tuple[Path, str]]]:
    """(files, folders) no export may be written over or into, each with what it is in words:
    those of the data folder, and the database file in use wherever settings put it."""
    files: list[tuple[Path, str]] = []
    folders: list[tuple[Path, str]] = []
    folders_seen: set[Path] = set()
    roots = [data_folder.root] if data_folder is not None else []
    if db is not None and db.evidence_dir is not None:
        roots.append(db.evidence_dir)
    for root in roots:
        if root in folders_seen:
            continue
        folders_seen.add(root)
        own = DataFolder(root)
        files += own.own_files
        folders += own.own_folders
    if db is not None and db.sqlite_path is not None:
        files.append((db.sqlite_path, "the clinic's database"))
        files += [(side, "the clinic's database") for side in sqlite_side_files(db.sqlite_path)]
    return files, folders


def _same(a: Path, b: Path) -> bool:
    """Whether a and b name the same file or folder (hard links and letter case included)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.normcase(a) == os.path.normcase(b)


def _candidates(destination: Path) -> list[Path]:
    """Where the file lands (its folder resolved, the name kept: a link there is replaced), and
    where the name leads when it is a link."""
    absolute = Path(os.path.abspath(destination.expanduser()))
    landing = absolute.parent.resolve() / absolute.name
    followed = absolute.resolve()
    return [landing] if followed == landing else [landing, followed]


def refusal(
    destination: Path, db: Database | None, data_folder: DataFolder | None = None
) -> str | None:
    """Why `destination` may not be written (None: it may), in plain words."""
    files, folders = protected_places(db, data_folder)
    for place in _candidates(destination):
        for own, what in files:
            for version in {own, own.resolve()}:
                if _same(place.parent, version.parent) and place.name.casefold().startswith(
                    version.name.casefold()
                ):
                    return f"Cannot write {destination}: that is {what}. Choose another file."
        for folder, what in folders:
            for version in {folder, folder.resolve()}:
                if any(_same(level, version) for level in (place, *place.parents)):
                    return f"Cannot write {destination}: it is in {what}. Choose another folder."
    return None


def check_destination(
    destination: Path, db: Database | None, data_folder: DataFolder | None = None
) -> Path:
    """The destination as an absolute path, or InvalidInput saying why it may not be written."""
    problem = refusal(destination, db, data_folder)
    if problem is not None:
        raise InvalidInput(problem)
    absolute = Path(os.path.abspath(Path(destination).expanduser()))
    if absolute.is_dir():
        raise InvalidInput(f"Cannot write {destination}: it is a folder. Give a file name.")
    return absolute


def _why(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return "the disk is full"
    if exc.errno == errno.EROFS:
        return "the disk is read-only"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "this user may not write there"
    if exc.errno == errno.ENOENT:
        return "the folder does not exist"
    return exc.strerror or exc.__class__.__name__


def _write_all(fd: int, data: bytes | memoryview) -> None:
    view = memoryview(data)
    while view:
        done = os.write(fd, view[:_CHUNK])
        view = view[done:]


def _sync_folder(folder: Path) -> None:
    """Make the rename durable (POSIX); Windows has no directory handles to sync."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_audited(
    destination: Path,
    data: bytes,
    record: Callable[[], T],
    record_not_written: Callable[[str], object],
) -> T:
    """Write `data` to `destination` in the order the module says; `record` commits the audit
    event (after the disk has room for the file, before any of its content is written), and
    `record_not_written(why)` a second one when the file could not be put in place after that.
    Returns what `record` returns. Raises InvalidInput, in words, when no file was written."""
    folder = destination.parent
    try:
        # mkstemp: O_CREAT | O_EXCL | O_NOFOLLOW, mode 0600, a name nobody can guess.
        fd, temp_name = tempfile.mkstemp(
            prefix=f".{destination.name[:80]}.", suffix=PARTIAL_SUFFIX, dir=folder
        )
    except OSError as exc:
        raise InvalidInput(
            f"Cannot write {destination}: {_why(exc)}. Nothing was recorded and no file was written."
        ) from None
    temp = Path(temp_name)
    open_fd: int | None = fd
    placed = False
    try:
        try:
            zeros = bytes(min(len(data), _CHUNK))
            left = len(data)
            while left:
                _write_all(fd, zeros[: min(left, _CHUNK)])
                left -= min(left, _CHUNK)
            os.fsync(fd)
        except OSError as exc:
            raise InvalidInput(
                f"Cannot write {destination}: {_why(exc)}. Nothing was recorded and no file was written."
            ) from None
        result = record()
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            _write_all(fd, data)
            os.fsync(fd)
            os.close(fd)
            open_fd = None
            # Same folder for both names: if someone swaps the folder for a link after the
            # check, the temporary file is not where the link leads and the rename fails.
            os.replace(temp, destination)
            placed = True
        except OSError as exc:
            why = _why(exc)
            _discard(temp, open_fd)
            open_fd = None
            record_not_written(why)
            raise InvalidInput(
                f"Cannot write {destination}: {why}. No file was written; the audit log says so."
            ) from None
        _sync_folder(folder)
        return result
    finally:
        if not placed:
            _discard(temp, open_fd)


def _discard(temp: Path, fd: int | None) -> None:
    """Close and remove the temporary file (nothing when it was renamed into place)."""
    if fd is not None:
        with contextlib.suppress(OSError):
            os.close(fd)
    with contextlib.suppress(OSError):
        temp.unlink(missing_ok=True)


class StreamTarget:
    """One file of a streamed write: where it goes and how many bytes to reserve for it first."""

    def __init__(self, destination: Path, reserve: int) -> None:
        self.destination = destination
        self.reserve = reserve


def _reserve(fd: int, size: int) -> None:
    """Make room for `size` bytes (zeros) now, so a full disk is found before anything is
    recorded; the file is cut to its real length when it is complete."""
    if size <= 0:
        return
    if hasattr(os, "posix_fallocate"):
        try:
            os.posix_fallocate(fd, 0, size)
            return
        except OSError as exc:
            if exc.errno not in (errno.EOPNOTSUPP, errno.EINVAL, getattr(errno, "ENOTSUP", -1)):
                raise
    zeros = bytes(min(size, _CHUNK))
    left = size
    while left:
        _write_all(fd, zeros[: min(left, _CHUNK)])
        left -= min(left, _CHUNK)


def write_streamed(
    targets: list[StreamTarget],
    record: Callable[[], T],
    write: Callable[[list[BinaryIO]], object],
    record_not_written: Callable[[str], object],
) -> T:
    """Write files whose content is produced as it is read (an export of any size), in the order
    this module gives, with one audit event for all of them:

    1. each temporary file is made (private, exclusive) and `reserve` bytes of zeros are put in
       it: a disk with no room for what is expected is found before anything is recorded;
    2. `record()` commits the audit event;
    3. `write(files)` streams the content into the temporary files (the disk may still fill up:
       then nothing is put in place and `record_not_written(why)` says so), which are synced and
       renamed into place, one after the other.

    An exception from `write` that is not the disk's (a cancel) removes the temporary files, is
    recorded with `record_not_written`, and is raised again. Returns what `record` returns."""
    opened: list[tuple[int | None, Path, StreamTarget]] = []
    placed: set[Path] = set()
    try:
        for target in targets:
            try:
                fd, temp_name = tempfile.mkstemp(
                    prefix=f".{target.destination.name[:80]}.",
                    suffix=PARTIAL_SUFFIX,
                    dir=target.destination.parent,
                )
            except OSError as exc:
                raise InvalidInput(
                    f"Cannot write {target.destination}: {_why(exc)}. "
                    "Nothing was recorded and no file was written."
                ) from None
            opened.append((fd, Path(temp_name), target))
            try:
                _reserve(fd, target.reserve)
                os.fsync(fd)
            except OSError as exc:
                raise InvalidInput(
                    f"Cannot write {target.destination}: {_why(exc)}. "
                    "Nothing was recorded and no file was written."
                ) from None
        result = record()
        files: list[BinaryIO] = []
        try:
            for index, (own_fd, temp, target) in enumerate(opened):
                assert own_fd is not None
                files.append(os.fdopen(own_fd, "wb", buffering=_CHUNK))
                opened[index] = (None, temp, target)  # the file object owns the descriptor now
            write(files)
            for handle in files:
                handle.flush()
                os.ftruncate(handle.fileno(), handle.tell())
                os.fsync(handle.fileno())
                handle.close()
            for _fd, temp, target in opened:
                # Same folder for both names: a folder swapped for a link after the check
                # does not hold the temporary file, and the rename fails.
                os.replace(temp, target.destination)
                placed.add(temp)
        except OSError as exc:
            why = _why(exc)
            _close_all(files)
            _discard_all(opened, placed)
            record_not_written(why)
            names = ", ".join(str(t.destination) for t in targets)
            raise InvalidInput(
                f"Cannot write {names}: {why}. No file was written; the audit log says so."
                if not placed
                else f"Cannot write {names}: {why}. Some files were written; the audit log says so."
            ) from None
        except BaseException:
            _close_all(files)
            _discard_all(opened, placed)
            record_not_written("it was cancelled")
            raise
        for folder in {t.destination.parent for t in targets}:
            _sync_folder(folder)
        return result
    finally:
        _discard_all(opened, placed)


def _close_all(files: list[BinaryIO]) -> None:
    for handle in files:
        with contextlib.suppress(OSError, ValueError):
            handle.close()


def _discard_all(opened: list[tuple[int | None, Path, StreamTarget]], placed: set[Path]) -> None:
    for fd, temp, _target in opened:
        if temp not in placed:
            _discard(temp, fd)
        elif fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)
