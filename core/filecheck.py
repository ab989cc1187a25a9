"""What an uploaded document is, told by its content: never by its name or the browser's word.

``identify(data, name)`` returns the ``FileType`` of a file we accept, or raises
``FileRejected`` with a message that names the file and says what to do. Accepted:

- PDF, without scripts, launch actions or embedded files (``/JavaScript``, ``/JS``,
  ``/Launch``, ``/EmbeddedFile(s)``, ``/RichMedia``), looked for in the file's dictionaries
  and in its compressed object streams, ``#xx`` escapes decoded. A PDF whose object streams
  cannot be read (encrypted, an unknown filter) cannot be checked and is refused.
- Word, Excel and PowerPoint files of Office 2007 and later (DOCX, XLSX, PPTX): a ZIP whose
  ``[Content_Types].xml`` gives the part that ``_rels/.rels`` names as the main document one of
  those three types. Macro-enabled types (DOCM, XLSM, XLSB, PPTM), Excel 4 macro sheets,
  ActiveX and any ``vbaProject.bin`` are refused, and so is a ZIP that would expand to far
  more than its size (too many entries, too much in total, an entry compressed beyond any
  real document's ratio). Nothing is extracted: the two small XML parts are read with a
  bound, through defusedxml.
- JPEG, PNG and WebP images, decoded by Pillow within ``core.media``'s limits.

Legacy Office files (OLE: .doc, .xls, .ppt, which carry macros unseen) are refused with a
suggestion to save as PDF or DOCX; a password-protected Office file (an OLE container too)
is told so. Everything else is refused with the list of what is accepted.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from core.errors import DomainError
from core.storage import sniff


class FileRejected(DomainError):
    default_message = _l("This file is not one we accept.")


@dataclass(frozen=True)
class FileType:
    mime: str
    ext: str


PDF = FileType("application/pdf", "pdf")
DOCX = FileType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")
XLSX = FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
PPTX = FileType("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx")
JPEG = FileType("image/jpeg", "jpg")
PNG = FileType("image/png", "png")
WEBP = FileType("image/webp", "webp")
IMAGES = {"image/jpeg": JPEG, "image/png": PNG, "image/webp": WEBP}

# What readers call each type, in lists of attachments.
LABELS = {
    PDF.mime: _l("PDF document"),
    DOCX.mime: _l("Word document"),
    XLSX.mime: _l("Excel workbook"),
    PPTX.mime: _l("PowerPoint presentation"),
    JPEG.mime: _l("JPEG image"),
    PNG.mime: _l("PNG image"),
    WEBP.mime: _l("WebP image"),
}
# A hint for the browser's file chooser; the content decides.
ACCEPT = ".pdf,.docx,.xlsx,.pptx,.jpg,.jpeg,.png,.webp"


# ---------------------------------------------------------------- ZIP (Office) limits
MAX_ZIP_ENTRIES = 5_000
MAX_UNCOMPRESSED = 250 * 1024 * 1024  # what all the entries say they expand to
MAX_RATIO = 100  # an entry of over 1 MiB compressed further than this is no document
RATIO_FROM = 1024 * 1024
MAX_XML_PART = 2 * 1024 * 1024  # [Content_Types].xml and _rels/.rels are a few KB

OOXML_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": PPTX,
}
MAIN_RELATIONSHIPS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
)
# Content types and part names that carry code: VBA, Excel 4 macro sheets, ActiveX controls.
ACTIVE_TYPES = ("macroenabled", "vbaproject", "vbadata", "macrosheet", "activex")
ACTIVE_PARTS = re.compile(r"(^|/)(vbaProject\.bin|vbaProjectSignature\.bin|vbaData\.xml)$|(^|/)activeX/", re.I)

# ---------------------------------------------------------------- PDF
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PDF_ACTIVE = {b"JavaScript", b"JS", b"Launch", b"EmbeddedFile", b"EmbeddedFiles", b"RichMedia"}
MAX_OBJECT_STREAM = 32 * 1024 * 1024  # bytes one decompressed object stream may take
MAX_OBJECT_STREAMS_TOTAL = 128 * 1024 * 1024
_PDF_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]*)")
_PDF_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_JS_VALUE = re.compile(rb"\s*(?:[(<\[]|\d+\s+\d+\s+R)")
_STREAM = re.compile(rb"(?<![A-Za-z])stream(?:\r\n|\n|\r)")
PDF_FILTERS = {
    b"FlateDecode",
    b"Fl",
    b"LZWDecode",
    b"LZW",
    b"ASCIIHexDecode",
    b"AHx",
    b"ASCII85Decode",
    b"A85",
    b"RunLengthDecode",
    b"RL",
    b"Crypt",
    b"DCTDecode",
    b"JPXDecode",
    b"JBIG2Decode",
    b"CCITTFaxDecode",
}


def identify(data: bytes, name: str) -> FileType:
    """The type of ``data`` if it is a file we accept; FileRejected otherwise. ``name`` is the
    (cleaned) name the file came with, for the messages only."""
    if not data:
        raise FileRejected(_l("%(name)s is empty.", name=name))
    if data.startswith(OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise FileRejected(
                _l(
                    "%(name)s is protected with a password, so we cannot check it. "
                    "Save it without a password and attach it again.",
                    name=name,
                )
            )
        raise FileRejected(
            _l(
                "%(name)s is in the old Word, Excel or PowerPoint format (.doc, .xls, .ppt), which can hide "
                "macros. Save it as PDF, or as .docx, .xlsx or .pptx, and attach that.",
                name=name,
            )
        )
    sniffed = sniff(data[:16])
    kind = sniffed[0] if sniffed else None
    if kind == "application/pdf":
        _check_pdf(data, name)
        return PDF
    if kind == "application/zip":
        return _check_office(data, name)
    if kind in IMAGES:
        _check_image(data, name)
        return IMAGES[kind]
    raise not_accepted(name)


def not_accepted(name: str) -> FileRejected:
    return FileRejected(
        _l(
            "%(name)s is not a file we accept. Attach PDF, Word (.docx), Excel (.xlsx) or PowerPoint (.pptx) "
            "files, or JPEG, PNG or WebP images.",
            name=name,
        )
    )


# ---------------------------------------------------------------- images
def _check_image(data: bytes, name: str) -> None:
    from core.media import ImageRejected, decoded

    try:
        with decoded(data):
            pass
    except ImageRejected as problem:
        raise FileRejected(_l("%(name)s: %(problem)s", name=name, problem=problem.message)) from None


# ---------------------------------------------------------------- Office (OOXML)
def _damaged(name: str) -> FileRejected:
    return FileRejected(
        _l("%(name)s looks like an Office file but could not be read. Save it again and attach it.", name=name)
    )


def _macros(name: str) -> FileRejected:
    return FileRejected(
        _l(
            "%(name)s contains macros or ActiveX controls, which we do not accept. Save it as .docx, .xlsx or "
            ".pptx without macros, or as PDF, and attach that.",
            name=name,
        )
    )


def _check_office(data: bytes, name: str) -> FileType:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, NotImplementedError, struct.error):
        raise _damaged(name) from None  # ValueError covers a name that is not the UTF-8 it claims
    _check_zip_shape(entries, name)
    by_name = {entry.filename.lower(): entry for entry in entries}
    if any(ACTIVE_PARTS.search(entry.filename) for entry in entries):
        raise _macros(name)
    types_entry, rels_entry = by_name.get("[content_types].xml"), by_name.get("_rels/.rels")
    if types_entry is None or rels_entry is None:
        raise not_accepted(name)  # a ZIP, not an Office file
    defaults, overrides = _content_types(_read_part(archive, types_entry, name), name)
    if any(marker in value.lower() for value in (*defaults.values(), *overrides.values()) for marker in ACTIVE_TYPES):
        raise _macros(name)
    main = _main_part(_read_part(archive, rels_entry, name), name)
    if main is None or main.lstrip("/").lower() not in by_name:
        raise _damaged(name)
    content_type = overrides.get(main.lower()) or defaults.get(main.rpartition(".")[2].lower())
    found = OOXML_MAIN.get((content_type or "").strip())
    if found is None:
        raise not_accepted(name)
    return found


def _check_zip_shape(entries, name: str) -> None:
    """Refuse what would expand to far more than a document holds (zip bombs), what hides
    (encrypted entries) and what is ambiguous (one name twice)."""
    expands = FileRejected(
        _l("%(name)s expands to far more data than a document holds, so we do not accept it.", name=name)
    )
    if len(entries) > MAX_ZIP_ENTRIES:
        raise expands
    total, names = 0, set()
    for entry in entries:
        total += entry.file_size
        if entry.file_size > RATIO_FROM and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise expands
        if entry.flag_bits & 0x1:
            raise _damaged(name)  # an encrypted entry cannot be checked
        lowered = entry.filename.lower()
        if lowered in names:
            raise _damaged(name)
        names.add(lowered)
    if total > MAX_UNCOMPRESSED:
        raise expands


def _read_part(archive: zipfile.ZipFile, entry, name: str) -> bytes:
    if entry.file_size > MAX_XML_PART:
        raise _damaged(name)
    try:
        with archive.open(entry) as part:
            data = part.read(MAX_XML_PART + 1)  # what the entry says is not believed
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError, RuntimeError, zlib.error):
        raise _damaged(name) from None
    if len(data) > MAX_XML_PART:
        raise _damaged(name)
    return data


def _xml(data: bytes, name: str):
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except (ParseError, DefusedXmlException, ValueError):
        raise _damaged(name) from None


def _local(tag) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _content_types(data: bytes, name: str) -> tuple[dict[str, str], dict[str, str]]:
    """({extension: content type}, {part name: content type}), keys lowercased (OPC names
    compare without case)."""
    root = _xml(data, name)
    defaults, overrides = {}, {}
    for element in root:
        if _local(element.tag) == "Default":
            defaults[(element.get("Extension") or "").lower()] = element.get("ContentType") or ""
        elif _local(element.tag) == "Override":
            overrides[(element.get("PartName") or "").lower()] = element.get("ContentType") or ""
    return defaults, overrides


def _main_part(data: bytes, name: str) -> str | None:
    """The part name ("/word/document.xml") the package's relationships call its main document."""
    root = _xml(data, name)
    for element in root:
        if _local(element.tag) == "Relationship" and element.get("Type") in MAIN_RELATIONSHIPS:
            target = (element.get("Target") or "").strip()
            if not target or "://" in target or element.get("TargetMode") == "External":
                return None
            return "/" + target.lstrip("/")
    return None


# ---------------------------------------------------------------- PDF
def _scan(chunk: bytes) -> tuple[set[bytes], bool]:
    """The PDF names in ``chunk`` (``#xx`` escapes decoded), and whether one of them makes the
    file active. ``/JS`` counts only before a value (a string, a hex string or an object
    reference): two letters after a slash are otherwise common in compressed bytes."""
    found, active = set(), False
    for match in _PDF_NAME.finditer(chunk):
        raw = match.group(1)
        name = _PDF_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw) if b"#" in raw else raw
        found.add(name)
        if name in PDF_ACTIVE and (name != b"JS" or _JS_VALUE.match(chunk, match.end())):
            active = True
    return found, active


def _check_pdf(data: bytes, name: str) -> None:
    """Refuse a PDF that runs scripts, launches programs or carries files, and one we cannot read
    far enough to tell. The whole file is read for names (an object can hide inside another's
    stream), and every object stream (where dictionaries are packed, compressed) is unpacked
    and read too."""
    if b"%%EOF" not in data:
        raise FileRejected(_l("%(name)s is not a complete PDF. Save it again and attach it.", name=name))
    unreadable = FileRejected(
        _l(
            "%(name)s could not be checked: parts of it are encrypted or packed in a way we cannot read. "
            "Save or print it as a new PDF without a password and attach that.",
            name=name,
        )
    )
    active = FileRejected(
        _l(
            "%(name)s contains scripts, launch actions or embedded files, which we do not accept. "
            "Print it to a new PDF and attach that.",
            name=name,
        )
    )
    position, unpacked = 0, 0
    for match in _STREAM.finditer(data):
        # What lies between two "stream" keywords ends with the second stream's dictionary:
        # an object stream's says /Type /ObjStm, and no other object uses that name.
        names, found = _scan(data[position : match.start()])
        if found:
            raise active
        position = match.end()
        if b"ObjStm" in names:
            end = data.find(b"endstream", position)
            contents = _object_stream(data[position : end if end >= 0 else len(data)], names, unreadable)
            unpacked += len(contents)
            if unpacked > MAX_OBJECT_STREAMS_TOTAL or _scan(contents)[1]:
                raise unreadable if unpacked > MAX_OBJECT_STREAMS_TOTAL else active
    if _scan(data[position:])[1]:
        raise active


def _object_stream(raw: bytes, names: set[bytes], unreadable: FileRejected) -> bytes:
    filters = names & PDF_FILTERS
    if not filters:
        return raw
    if filters - {b"FlateDecode", b"Fl"}:
        raise unreadable
    inflater = zlib.decompressobj()
    try:
        contents = inflater.decompress(raw, MAX_OBJECT_STREAM)
    except zlib.error:
        raise unreadable from None
    if not inflater.eof:
        raise unreadable  # cut short, or more than an object stream holds
    return contents
