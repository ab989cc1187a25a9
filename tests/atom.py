"""Atom feeds checked against RFC 4287: its RELAX NG schema, then the rules RELAX NG cannot say.

``validate_atom(body)`` parses an Atom Feed or Entry Document (no network, no DTD, no entity
expansion), validates it against ``tests/schemas/atom.rng`` (the RFC's Appendix B in XML
syntax) and then checks in Python the Schematron rules of Appendix B and a few more of the
RFC's MUSTs. Any failure is an AssertionError listing every problem found (lxml's error log
and the rules broken); on success it returns the parsed root element for the test's own
assertions.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from functools import cache
from pathlib import Path

from lxml import etree

ATOM_NS = "http://www.w3.org/2005/Atom"
NS = {"atom": ATOM_NS}
SCHEMA = Path(__file__).parent / "schemas" / "atom.rng"

# RFC 3987: an IRI (never a relative reference) starts with a scheme.
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
# RFC 3339 date-time, which RFC 4287 section 3.3 requires: xsd:dateTime also allows a missing offset.
_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
# RFC 4287 section 4.2.7.2: "alternate" and its IANA IRI are the same relation, and no rel means it.
_ALTERNATE = {"alternate", "http://www.iana.org/assignments/relation/alternate"}

_lock = threading.Lock()


@cache
def _schema() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMA), _parser()))


def _parser(encoding: str | None = None) -> etree.XMLParser:
    return etree.XMLParser(
        encoding=encoding,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
    )


def _log(error_log) -> list[str]:
    return [f"line {e.line}, column {e.column}: {e.message}" for e in error_log]


def _invalid(problems: list[str]) -> AssertionError:
    return AssertionError("not a valid Atom document (RFC 4287):\n  " + "\n  ".join(problems))


def _children(element, name: str) -> list:
    return element.findall(f"atom:{name}", NS)


def _text(element) -> str:
    return (element.text or "").strip()


def _check_exactly_one(element, label: str, problems: list[str]) -> None:
    for name in ("id", "title", "updated"):
        count = len(_children(element, name))
        if count != 1:
            problems.append(f"{label} has {count} atom:{name} elements, it must have exactly one")


def _check_alternate_links(element, label: str, problems: list[str]) -> None:
    alternates = Counter(
        (link.get("type"), link.get("hreflang"))
        for link in _children(element, "link")
        if link.get("rel", "alternate") in _ALTERNATE
    )
    for (type_, hreflang), count in alternates.items():
        if count > 1:
            problems.append(
                f"{label} has {count} alternate atom:link elements with type={type_!r} and "
                f"hreflang={hreflang!r}, at most one is allowed"
            )


def _has_author(entry) -> bool:
    return bool(_children(entry, "author") or entry.findall("atom:source/atom:author", NS))


def _check_entry(entry, label: str, problems: list[str]) -> None:
    _check_exactly_one(entry, label, problems)
    _check_alternate_links(entry, label, problems)
    contents = _children(entry, "content")
    if not contents and not any(link.get("rel", "alternate") in _ALTERNATE for link in _children(entry, "link")):
        problems.append(f"{label} has no atom:content, so it must have an atom:link with rel='alternate'")
    if any(content.get("src") is not None for content in contents) and not _children(entry, "summary"):
        problems.append(f"{label} has an atom:content with src, so it must have an atom:summary")


def _rules(root) -> list[str]:
    """The RFC's MUSTs that RELAX NG cannot check, including Appendix B's Schematron rules."""
    problems: list[str] = []
    if root.tag == f"{{{ATOM_NS}}}feed":
        _check_exactly_one(root, "atom:feed", problems)
        _check_alternate_links(root, "atom:feed", problems)
        feed_has_author = bool(_children(root, "author"))
        for number, entry in enumerate(_children(root, "entry"), start=1):
            label = f"atom:entry #{number}"
            _check_entry(entry, label, problems)
            if not feed_has_author and not _has_author(entry):
                problems.append(f"{label} has no atom:author and neither does its atom:feed")
    else:
        _check_entry(root, "atom:entry", problems)
        if not _has_author(root):
            problems.append("atom:entry (an Entry Document) has no atom:author")
    # Only the Atom metadata: an atom:id inside, say, XML content is not the document's.
    entries = _children(root, "entry") if root.tag == f"{{{ATOM_NS}}}feed" else [root]
    containers = [root, *entries, *(source for entry in entries for source in _children(entry, "source"))]
    for container in dict.fromkeys(containers):
        for id_ in _children(container, "id"):
            if not _SCHEME.match(_text(id_)):
                problems.append(f"line {id_.sourceline}: atom:id {_text(id_)!r} is not an absolute IRI")
        for name in ("updated", "published"):
            for date in _children(container, name):
                if not _RFC3339.fullmatch(_text(date)):
                    problems.append(f"line {date.sourceline}: atom:{name} {_text(date)!r} is not an RFC 3339 date-time")
    return problems


def validate_atom(xml: bytes | str) -> etree._Element:
    """Parse and check an Atom document; AssertionError with every problem, else the root element."""
    if isinstance(xml, str):
        # The text is already decoded: whatever its XML declaration says, the bytes below are UTF-8.
        data, parser = xml.encode("utf-8"), _parser("utf-8")
    else:
        data, parser = xml, _parser()
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise _invalid(_log(parser.error_log) or [str(error)]) from None
    schema = _schema()
    with _lock:
        valid = schema.validate(root)
        problems = [] if valid else _log(schema.error_log) or ["the document does not match tests/schemas/atom.rng"]
    # The rules run even on a document the schema refused: their messages are plainer than libxml2's.
    problems += _rules(root)
    if problems:
        raise _invalid(problems)
    return root
