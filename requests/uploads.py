"""What a document is, by its content: an attached file must be what its name
says, and be one of the kinds the register accepts.

A name is only a claim: an executable renamed ``.pdf`` used to be stored and
offered for download with whatever content type the browser sent. Here the
content is read (puremagic: maintained, pure Python, no libmagic to install),
the type found must be the one the extension names, and the type the register
later serves comes from this table, never from the browser."""

import codecs
import zipfile
from collections.abc import Callable
from pathlib import PurePath
from typing import IO

import puremagic

# The content type served for each accepted extension. requests.services
# keeps the same list of extensions (ALLOWED_EXTENSIONS); a test holds them equal.
CONTENT_TYPES: dict[str, str] = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".rtf": "application/rtf",
    ".txt": "text/plain; charset=utf-8",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".csv": "text/csv; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}

UNKNOWN_TYPE = "application/octet-stream"
_HEAD = 64 * 1024
_CHUNK = 64 * 1024
# Tab, line feed, form feed and carriage return are text; other control
# characters (NUL above all) are not.
_CONTROL = frozenset(chr(c) for c in range(32)) - {"\t", "\n", "\f", "\r"}


class ContentMismatch(Exception):
    """The file's content is not what its name says."""


def served_type(name: str) -> str:
    """The content type to send a stored document with: the register's own
    for the document's (checked) extension, never the type the browser sent."""
    return CONTENT_TYPES.get(PurePath(name).suffix.lower(), UNKNOWN_TYPE)


def checked_type(name: str, stream: IO[bytes]) -> str:
    """The content type of ``stream``, a file called ``name`` with an accepted
    extension, if its content is that kind of file; otherwise ContentMismatch.
    The stream is left at its start."""
    extension = PurePath(name).suffix.lower()
    check = _CHECKS.get(extension)
    if check is None:
        raise ContentMismatch(extension)
    try:
        stream.seek(0)
        if not check(stream, extension):
            raise ContentMismatch(extension)
    finally:
        stream.seek(0)
    return CONTENT_TYPES[extension]


def _found(stream: IO[bytes]) -> set[str]:
    """The extensions puremagic's signatures suggest for the file's start."""
    head = stream.read(_HEAD)
    stream.seek(0)
    try:
        return {match.extension.lower() for match in puremagic.magic_string(head)}
    except puremagic.PureError:
        return set()


def _signature(*extensions: str) -> Callable[[IO[bytes], str], bool]:
    def check(stream: IO[bytes], _extension: str) -> bool:
        return bool(_found(stream) & set(extensions))

    return check


def _zip_with(required: Callable[[zipfile.ZipFile], bool]) -> Callable[[IO[bytes], str], bool]:
    """Office Open XML and OpenDocument files are ZIP archives: the ZIP
    signature alone says nothing of what is inside, so the parts that make a
    document of that kind are looked for too."""

    def check(stream: IO[bytes], _extension: str) -> bool:
        # The archive must start the file: ZipFile would also open one
        # appended to something else, such as a self-extracting executable.
        if stream.read(4) != b"PK\x03\x04":
            return False
        stream.seek(0)
        try:
            with zipfile.ZipFile(stream) as archive:
                return required(archive)
        except (zipfile.BadZipFile, OSError, ValueError):
            return False

    return check


def _ooxml(folder: str) -> Callable[[zipfile.ZipFile], bool]:
    def required(archive: zipfile.ZipFile) -> bool:
        names = archive.namelist()
        return "[Content_Types].xml" in names and any(n.startswith(folder) for n in names)

    return required


def _odf(mimetype: str) -> Callable[[zipfile.ZipFile], bool]:
    def required(archive: zipfile.ZipFile) -> bool:
        # OpenDocument: the first entry is ``mimetype``, stored, naming the kind.
        entries = archive.infolist()
        if not entries or entries[0].filename != "mimetype" or entries[0].file_size > 100:
            return False
        return archive.read(entries[0]).decode("ascii", "replace").strip() == mimetype

    return required


def _text(stream: IO[bytes], _extension: str) -> bool:
    """Plain text and CSV have no signature: puremagic recognises them by none.
    So text is accepted only if all of it decodes as UTF-8 and holds no NUL or
    other control character: that refuses every binary format (executables,
    archives, images and office files all hold NUL bytes or invalid UTF-8),
    and what is left is served as text, as an attachment, never run or shown
    by the browser (nosniff)."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    try:
        while chunk := stream.read(_CHUNK):
            if _CONTROL & set(decoder.decode(chunk)):
                return False
        return not (_CONTROL & set(decoder.decode(b"", final=True)))
    except UnicodeDecodeError:
        return False


# Word and Excel's older formats share one container (OLE2 compound
# document), which puremagic reports under several names.
_OLE2 = (".doc", ".xls", ".msg", ".ppt")

_CHECKS: dict[str, Callable[[IO[bytes], str], bool]] = {
    ".pdf": _signature(".pdf"),
    ".doc": _signature(*_OLE2),
    ".xls": _signature(*_OLE2),
    ".rtf": _signature(".rtf"),
    ".docx": _zip_with(_ooxml("word/")),
    ".xlsx": _zip_with(_ooxml("xl/")),
    ".odt": _zip_with(_odf("application/vnd.oasis.opendocument.text")),
    ".ods": _zip_with(_odf("application/vnd.oasis.opendocument.spreadsheet")),
    ".png": _signature(".png"),
    ".jpg": _signature(".jpg", ".jpeg", ".jfif", ".jpe"),
    ".jpeg": _signature(".jpg", ".jpeg", ".jfif", ".jpe"),
    ".txt": _text,
    ".csv": _text,
}
