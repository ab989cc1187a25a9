"""tests.atom: the RFC 4287 RELAX NG schema and rules accept a valid feed and catch broken ones."""

import pytest

from tests.atom import ATOM_NS, validate_atom

FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <id>https://example.org/en/feed.atom</id>
  <title type="text">Trade window news</title>
  <updated>2024-05-01T12:00:00Z</updated>
  <link rel="self" type="application/atom+xml" href="https://example.org/en/feed.atom"/>
  <link rel="alternate" type="text/html" hreflang="en" href="https://example.org/en/"/>
  <link rel="alternate" type="text/html" hreflang="zh-Hans" href="https://example.org/zh/"/>
  <author><name>Trade window</name><uri>https://example.org/</uri></author>
  <category term="textiles" label="Textiles"/>
  <entry>
    <id>tag:example.org,2024:news/1</id>
    <title>Spring fair opens</title>
    <updated>2024-05-01T12:00:00+08:00</updated>
    <published>2024-04-30T09:30:00.5+08:00</published>
    <category term="fairs"/>
    <summary>The spring fair opens on Monday.</summary>
    <link rel="alternate" type="text/html" href="https://example.org/en/news/1"/>
    <content type="text">Two hundred exhibitors &amp; four halls.</content>
  </entry>
</feed>
"""

ENTRY_AUTHOR = "<author><name>Trade window</name><uri>https://example.org/</uri></author>"


def _broken(old: str, new: str) -> str:
    assert FEED.count(old) == 1, old
    return FEED.replace(old, new)


def test_a_valid_feed_passes_and_comes_back_parsed():
    root = validate_atom(FEED.encode())
    assert root.tag == f"{{{ATOM_NS}}}feed"
    assert root.findtext("atom:entry/atom:summary", namespaces={"atom": ATOM_NS}) == "The spring fair opens on Monday."


def test_text_is_accepted_as_well_as_bytes():
    assert validate_atom(FEED).tag == f"{{{ATOM_NS}}}feed"


def test_an_entry_document_with_its_own_author_passes():
    entry = FEED[FEED.index("<entry>") : FEED.index("</feed>")].replace(
        "<entry>", f'<entry xmlns="{ATOM_NS}">{ENTRY_AUTHOR}', 1
    )
    assert validate_atom(entry).tag == f"{{{ATOM_NS}}}entry"


def test_extension_elements_outside_the_atom_namespace_pass():
    feed = _broken(
        '<category term="textiles"', '<x:hall xmlns:x="urn:example:x" n="4">A</x:hall><category term="textiles"'
    )
    validate_atom(feed)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "<id>https://example.org/en/feed.atom</id>",
            "",
            r"(?s)Element feed failed to validate content.*atom:feed has 0 atom:id elements",
            id="feed-without-id",
        ),
        pytest.param(
            "<updated>2024-05-01T12:00:00Z</updated>",
            "<updated>yesterday</updated>",
            r"(?s)Type dateTime doesn't allow value 'yesterday'.*'yesterday' is not an RFC 3339 date-time",
            id="updated-not-a-date-time",
        ),
        pytest.param(
            "<id>tag:example.org,2024:news/1</id>",
            "",
            r"(?s)Element entry failed to validate content.*atom:entry #1 has 0 atom:id elements",
            id="entry-without-id",
        ),
        pytest.param(
            '<category term="textiles" label="Textiles"/>',
            '<category term="textiles" label="Textiles"/><hall>A</hall>',
            r"Element feed has extra content: hall",
            id="unknown-atom-element-in-feed",
        ),
        pytest.param(
            ENTRY_AUTHOR,
            "",
            r"atom:entry #1 has no atom:author and neither does its atom:feed",
            id="no-author-on-feed-or-entry",
        ),
        pytest.param(
            "<id>tag:example.org,2024:news/1</id>",
            "<id>/en/news/1</id>",
            r"atom:id '/en/news/1' is not an absolute IRI",
            id="relative-id",
        ),
        pytest.param(
            "<updated>2024-05-01T12:00:00Z</updated>",
            "<updated>2024-05-01T12:00:00</updated>",
            r"'2024-05-01T12:00:00' is not an RFC 3339 date-time",
            id="date-time-without-offset",
        ),
        pytest.param(
            'hreflang="zh-Hans"',
            'hreflang="en"',
            r"atom:feed has 2 alternate atom:link elements with type='text/html' and hreflang='en'",
            id="two-alternates-same-type-and-hreflang",
        ),
        pytest.param(
            '<link rel="alternate" type="text/html" href="https://example.org/en/news/1"/>\n'
            '    <content type="text">Two hundred exhibitors &amp; four halls.</content>',
            '<link rel="related" type="text/html" href="https://example.org/en/news/1"/>',
            r"no atom:content, so it must have an atom:link with rel='alternate'",
            id="entry-without-content-or-alternate",
        ),
        pytest.param(
            '<title type="text">',
            '<title type="markdown">',
            r"Invalid attribute type for element title",
            id="unknown-text-type",
        ),
        pytest.param("</feed>", "", r"Premature end of data", id="not-well-formed"),
    ],
)
def test_a_broken_feed_fails(old, new, expected):
    feed = _broken(old, new)
    with pytest.raises(AssertionError, match=expected):
        validate_atom(feed)


def test_entities_are_not_expanded():
    feed = FEED.replace(
        '<?xml version="1.0" encoding="utf-8"?>',
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE feed [<!ENTITY secret SYSTEM "file:///etc/hostname">]>',
    ).replace("Spring fair opens", "&secret;")
    with pytest.raises(AssertionError, match="Element title has extra content: secret"):
        validate_atom(feed)
