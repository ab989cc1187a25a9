"""The search library's contract, the same for every backend: the embedded index and a real
server that speaks the Elasticsearch API (``make test`` starts one; TEST_ELASTICSEARCH_URL).

What a buyer would notice: what a query finds and in which order, the counts beside each
filter, the marks in the snippets, the suggestions while typing, a typo forgiven, a synonym
applied without reindexing, a removed item gone, a rebuild that never shows half an index.
"""

from __future__ import annotations

import dataclasses
import json
import time
import uuid

import pytest

from search.model import Document, DocumentType, Facet, Request, Synonyms, TextField
from tests.conftest import require_service

NOW = time.time()
OLD = NOW - 200 * 86400

PRODUCT = DocumentType(
    "product",
    "Product",
    (
        TextField("title", 10, pinyin=True, suggest="words"),
        TextField("names", 6, pinyin=True),
        TextField("body", 3, characters=False),
    ),
    (
        Facet("category", "keyword"),
        Facet("district", "keyword"),
        Facet("certification", "tags"),
        Facet("price", "number"),
        Facet("moq", "number"),
        Facet("verified", "flag"),
    ),
)
EXHIBITOR = DocumentType(
    "exhibitor",
    "Exhibitor",
    (TextField("name", 10, pinyin=True, suggest="whole"), TextField("body", 3)),
    (Facet("district", "keyword"), Facet("verified", "flag")),
)


def product(
    key,
    title,
    names="",
    body="",
    *,
    category="pumps",
    district="330206",
    certs=(),
    price=None,
    moq=None,
    verified=True,
    tier=0,
    responsive=False,
    updated=OLD,
):
    return Document(
        "product",
        key,
        {"title": title, "names": names, "body": body},
        {
            "category": category,
            "district": district,
            "certification": list(certs),
            "price": price,
            "moq": moq,
            "verified": verified,
        },
        verified=verified,
        tier=tier,
        responsive=responsive,
        updated=updated,
        price=price,
    )


CATALOG = [
    product(
        "1",
        "不锈钢离心水泵 Stainless centrifugal pump",
        "宁波清泉水泵有限公司",
        "安装简单，使用方便。HS 8413.70",
        certs=("CE", "ISO9001"),
        price=120,
        moq=10,
        tier=2,
        updated=NOW,
    ),
    product(
        "2", "Garden water pump 花园水泵", "Ningbo Clearwater", "Easy to install", certs=("CE",), price=60, moq=100
    ),
    product(
        "3",
        "LED strip light 灯带",
        "深圳光明",
        "Waterproof, no pump needed",
        category="lights",
        district="440300",
        price=5,
        moq=1000,
    ),
    product(
        "4",
        "经典款式 旅行箱 Suitcase",
        "杭州",
        "Classic travel case",
        category="luggage",
        district="330100",
        certs=("BSCI",),
        price=40,
        moq=50,
        responsive=True,
    ),
    product("5", "Submersible pump for wells", "宁波清泉水泵有限公司", "Deep well", price=300, moq=5, verified=False),
]
DIRECTORY = [
    Document(
        "exhibitor",
        "11",
        {"name": "宁波清泉水泵有限公司", "body": "Pumps and valves"},
        {"district": "330206", "verified": True},
        verified=True,
        updated=OLD,
    ),
    Document(
        "exhibitor",
        "12",
        {"name": "Shenzhen Bright Lighting", "body": "LED lights"},
        {"district": "440300", "verified": True},
        verified=True,
        responsive=True,
        updated=OLD,
    ),
]


def _embedded(tmp_path):
    from search.embedded import EmbeddedBackend

    return EmbeddedBackend(str(tmp_path / "index"), refresh=0)


def _elasticsearch(tmp_path):
    url = require_service("TEST_ELASTICSEARCH_URL", "the Elasticsearch-API test server")
    if not url:
        pytest.skip("no Elasticsearch-API server (TEST_ELASTICSEARCH_URL)")
    from search.elastic import ElasticsearchBackend

    return ElasticsearchBackend(url, prefix=f"t{uuid.uuid4().hex[:10]}", plain_json=True)


@pytest.fixture(params=["embedded", "elasticsearch"])
def engine(request, tmp_path):
    backend = {"embedded": _embedded, "elasticsearch": _elasticsearch}[request.param](tmp_path)
    backend.register(PRODUCT)
    backend.register(EXHIBITOR)
    backend.rebuild([CATALOG, DIRECTORY])
    yield backend
    if hasattr(backend, "drop"):
        backend.drop()


def keys(result):
    return [h.key for h in result.hits]


def found(engine, text, **kw):
    return keys(engine.search(Request(text, types=kw.pop("types", ("product",)), **kw)))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("pump", {"1", "2", "3", "5"}),  # English, stemmed; "pump" in a description counts too
        ("Pumps", {"1", "2", "3", "5"}),
        ("简单", {"1"}),  # a two-character word inside 安装简单
        ("泵", {"1", "2", "5"}),  # a single character
        ("ningbo", {"1", "2", "5"}),  # full pinyin of 宁波, and the English "Ningbo"
        ("nb", {"1", "5"}),  # initials
        ("景点", set()),  # characters that only sound like 经典 do not match it
        ('"water pump"', {"2"}),  # a phrase: the words together and in order
        ('"pump water"', set()),
        ("水泵 garden", {"2"}),  # mixed: each part in one field or another
        ("8413", {"1"}),  # an HS code inside 8413.70
    ],
)
def test_what_a_query_finds(engine, query, expected):
    assert set(found(engine, query)) == expected


def test_a_title_match_ranks_above_a_description_match_and_boosts_order_equals(engine):
    result = engine.search(Request("pump", types=("product",)))
    order = keys(result)
    assert order.index("1") < order.index("2")  # verified, premium, fresh: 10 + 2 + 2 + 1 against 10 + 2
    assert order.index("2") < order.index("3")  # title (10) above description (3)
    assert order[-1] == "3"
    scores = {h.key: h.score for h in result.hits}
    assert (scores["1"], scores["2"], scores["3"], scores["5"]) == pytest.approx((15.0, 12.0, 5.0, 10.0))


def test_a_responsive_exhibitor_ranks_above_an_otherwise_equal_one(engine):
    """``RESPONSIVE_POINTS`` (1) on top of the rest, for products and exhibitors alike; written
    first, so the tie-break alone (the later written first) would put it second."""
    engine.index([product("21", "Brass ball valve", responsive=True), product("22", "Brass ball valve")])
    result = engine.search(Request("valve", types=("product",)))
    assert keys(result) == ["21", "22"]
    assert [h.score for h in result.hits] == pytest.approx([13.0, 12.0])  # title 10, verified 2, responsive 1
    # The flag follows the document: written again without it, the other one with it.
    engine.index([product("21", "Brass ball valve"), product("22", "Brass ball valve", responsive=True)])
    assert found(engine, "valve") == ["22", "21"]
    engine.index([product("22", "Brass ball valve"), product("21", "Brass ball valve")])
    assert found(engine, "valve") == ["21", "22"]  # equal again: the later written first
    lights = engine.search(Request("", types=("exhibitor",)))
    scores = {h.key: h.score for h in lights.hits}
    assert keys(lights) == ["12", "11"] and scores == pytest.approx({"12": 3.0, "11": 2.0})
    assert {h.key: h.score for h in engine.search(Request("suitcase", types=("product",))).hits} == pytest.approx(
        {"4": 13.0}
    )


def test_total_pages_and_sorts(engine):
    first = engine.search(Request("pump", types=("product",), limit=2))
    second = engine.search(Request("pump", types=("product",), limit=2, offset=2))
    assert first.total == second.total == 4
    assert len(first.hits) == 2 and set(keys(first)).isdisjoint(keys(second))
    assert found(engine, "pump", sort="price") == ["3", "2", "1", "5"]
    assert found(engine, "pump", sort="-price") == ["5", "1", "2", "3"]
    assert found(engine, "pump", sort="newest")[0] == "1"


def test_facet_counts_reflect_the_other_filters(engine):
    result = engine.search(Request("pump", types=("product",), filters={"certification": ["CE"]}))
    assert set(keys(result)) == {"1", "2"}
    # The certification counts ignore the certification filter itself; the others apply it.
    assert result.facets["certification"] == {"CE": 2, "ISO9001": 1}
    assert result.facets["category"] == {"pumps": 2}
    narrowed = engine.search(Request("pump", types=("product",), filters={"category": ["lights"]}))
    assert keys(narrowed) == ["3"]
    assert narrowed.facets["category"] == {"pumps": 3, "lights": 1}
    assert narrowed.facets["district"] == {"440300": 1}


def test_number_and_flag_filters(engine):
    assert set(found(engine, "pump", filters={"price": (50, 150)})) == {"1", "2"}
    assert set(found(engine, "pump", filters={"moq": (None, 50)})) == {"1", "5"}
    assert set(found(engine, "pump", filters={"verified": True})) == {"1", "2", "3"}
    result = engine.search(Request("pump", types=("product",)))
    assert result.ranges["price"] == (5.0, 300.0)


def test_type_counts_and_every_type_at_once(engine):
    result = engine.search(Request("ningbo"))
    assert result.type_counts == {"product": 3, "exhibitor": 1}
    assert {h.type for h in result.hits} == {"product", "exhibitor"}
    only = engine.search(Request("ningbo", types=("exhibitor",)))
    assert keys(only) == ["11"] and only.total == 1 and only.type_counts["product"] == 3


def test_snippets_mark_what_matched_and_escape_the_rest(engine):
    engine.index([product("9", "<b>Bold</b> pump & valve", body="Nothing else")])
    hit = next(h for h in engine.search(Request("pump", types=("product",))).hits if h.key == "9")
    assert hit.snippets["title"] == "&lt;b&gt;Bold&lt;/b&gt; <mark>pump</mark> &amp; valve"
    chinese = engine.search(Request("简单", types=("product",))).hits[0]
    assert "安装<mark>简单</mark>" in chinese.snippets["body"]
    sound = engine.search(Request("ningbo", types=("product",)))
    names = {h.key: h.snippets.get("names", "") for h in sound.hits}
    assert "<mark>宁波</mark>" in names["1"]


def test_hits_without_snippets_when_not_asked_for(engine):
    with_snippets = engine.search(Request("pump", types=("product",), sort="newest"))
    without = engine.search(Request("pump", types=("product",), sort="newest", snippets=False))
    assert with_snippets.hits and all(h.snippets for h in with_snippets.hits)
    assert [(h.type, h.key, h.score) for h in without.hits] == [(h.type, h.key, h.score) for h in with_snippets.hits]
    assert without.total == with_snippets.total and not any(h.snippets for h in without.hits)
    listing = engine.search(Request("", types=("product",), snippets=False))  # no words: the same
    assert listing.total == len(listing.hits) > 0 and not any(h.snippets for h in listing.hits)


def test_a_listing_without_words_follows_every_change_of_its_type(engine):
    """A search of one type without words (the portal's finder beside the catalog) lists that
    type's documents and counts every type, and sees each later write and removal."""
    first = engine.search(Request("", types=("exhibitor",), sort="newest"))
    assert set(keys(first)) == {"11", "12"} and first.total == 2
    assert first.type_counts == {"product": 5, "exhibitor": 2}
    engine.index([product("20", "Ball valve", price=3)])
    engine.remove("exhibitor", ["12"])
    after = engine.search(Request("", types=("exhibitor",)))
    assert keys(after) == ["11"] and after.total == 1
    assert after.type_counts == {"product": 6, "exhibitor": 1}
    assert "20" in keys(engine.search(Request("", types=("product",), limit=50)))
    both = engine.search(Request("", limit=50))
    assert both.total == 7 and {h.type for h in both.hits} == {"product", "exhibitor"}


def test_typo_tolerance_for_long_words_only(engine):
    result = engine.search(Request("centrifgual", types=("product",)))
    assert keys(result) == ["1"] and result.corrected == "centrifugal"
    assert found(engine, "pmup") == []  # four letters: no typo forgiven


def test_synonyms_apply_without_reindexing(engine):
    assert found(engine, "submersible") == ["5"]
    synonyms = Synonyms([["水泵", "pump", "8413"]])
    with_synonyms = engine.search(Request("水泵", types=("product",)), synonyms=synonyms)
    assert set(keys(with_synonyms)) == {"1", "2", "3", "5"}
    # What was typed counts fully, the synonym half: 水泵 in the title first.
    assert keys(with_synonyms)[:2] == ["1", "2"]
    assert set(found(engine, "水泵")) == {"1", "2", "5"}  # without the list, only the Chinese


def test_removed_and_replaced_documents(engine):
    engine.remove("product", ["2"])
    assert "2" not in found(engine, "pump")
    engine.index([product("1", "Brass gate valve", price=10)])
    assert "1" not in found(engine, "pump")
    assert found(engine, "valve") == ["1"]
    assert engine.search(Request("", types=("product",))).total == 4


def test_suggestions_by_prefix_pinyin_and_initials(engine):
    assert "stainless" in [s.text for s in engine.suggest("stai")]
    assert "水泵" in [s.text for s in engine.suggest("shuib")]
    assert "水泵" in [s.text for s in engine.suggest("sb")]
    by_name = engine.suggest("宁波清", types=("exhibitor",))
    assert [s.text for s in by_name] == ["宁波清泉水泵有限公司"]
    assert engine.suggest("zzzz") == []
    assert engine.suggest("") == []


def test_a_rebuild_replaces_everything_at_once(engine):
    engine.rebuild([[product("7", "Copper wire")], DIRECTORY])
    assert found(engine, "pump") == []
    assert found(engine, "copper") == ["7"]
    assert engine.status()["documents"] == {"product": 1, "exhibitor": 2}


def test_hostile_queries_are_just_text(engine):
    for text in ["' OR 1=1 --", "<script>alert(1)</script>", "\\", "*", "(((", '"', "a" * 2000, "\u0000x", "𝕡𝕦𝕞𝕡"]:
        result = engine.search(Request(text))
        assert result.total >= 0


def test_a_rebuild_in_worker_processes_makes_the_same_index(tmp_path, monkeypatch):
    """The embedded rebuild analyzes big batches in forked processes; what it makes must not
    differ from what one process makes (ids in order across batches, words counted once)."""
    import search.embedded as embedded

    def built(name, workers):
        backend = embedded.EmbeddedBackend(str(tmp_path / name), refresh=0)
        backend.register(PRODUCT)
        backend.register(EXHIBITOR)
        backend.rebuild([[doc] for doc in CATALOG] + [DIRECTORY], workers=workers)
        return backend

    monkeypatch.setattr(embedded, "PARALLEL_FROM", 0)
    monkeypatch.setattr(embedded, "IN_FLIGHT", 2)
    serial, parallel = built("serial", 1), built("parallel", 2)
    for text in ["pump", "ningbo", "简单", "nb", '"water pump"', ""]:
        one, other = serial.search(Request(text)), parallel.search(Request(text))
        assert [(h.key, h.score, h.snippets) for h in one.hits] == [(h.key, h.score, h.snippets) for h in other.hits]
        assert (one.total, one.facets, one.type_counts) == (other.total, other.facets, other.type_counts)
    assert serial.suggest("shui") == parallel.suggest("shui") and serial.suggest("shui")


def test_documents_written_one_at_a_time_in_one_call_or_by_a_rebuild_rank_alike(tmp_path):
    """The embedded backend numbers a batch's terms and OR-s each document's field bits with one
    NumPy sort; a term in several fields must earn its best field's points however the
    documents came in."""
    import search.embedded as embedded

    def fresh(name):
        backend = embedded.EmbeddedBackend(str(tmp_path / name), refresh=0)
        backend.register(PRODUCT)
        backend.register(EXHIBITOR)
        return backend

    rebuilt, batched, single = fresh("rebuilt"), fresh("batched"), fresh("single")
    rebuilt.rebuild([CATALOG, DIRECTORY])
    batched.index([*CATALOG, *DIRECTORY])
    for document in [*CATALOG, *DIRECTORY]:
        single.index([document])
    for text in ["pump", "ningbo", "水泵", "简单", "nb", '"water pump"', "stainless", ""]:
        results = [b.search(Request(text)) for b in (rebuilt, batched, single)]
        ranked = [[(h.type, h.key, h.score) for h in r.hits] for r in results]
        assert ranked[0] == ranked[1] == ranked[2], text
        assert results[0].facets == results[1].facets == results[2].facets
    assert rebuilt.suggest("shui") == batched.suggest("shui") == single.suggest("shui")


def test_the_last_of_two_versions_in_one_call_wins(tmp_path):
    import search.embedded as embedded

    backend = embedded.EmbeddedBackend(str(tmp_path / "index"), refresh=0)
    backend.register(PRODUCT)
    backend.index([product("1", "Brass gate valve"), product("1", "Copper wire")])
    assert found(backend, "copper") == ["1"]
    assert found(backend, "valve") == []
    assert backend.status()["documents"] == {"product": 1}


def test_a_batch_holds_each_documents_terms_with_the_bits_of_every_field_they_stand_in():
    """What the embedded backend writes for a batch is, document by document, what
    ``document_terms`` says (the Elasticsearch backend indexes from it): every term, and for
    each the bits of all the fields it stands in, not only the first."""
    import numpy as np

    import search.embedded as embedded
    from search.model import document_terms

    notes = DocumentType("note", "Note", (TextField("summary", 3), TextField("title", 10, pinyin=True)))
    batch = [
        ("note", {"summary": "Water pump for Ningbo farms", "title": "宁波 water pump"}),
        ("note", {"summary": "", "title": "Pump"}),
        ("note", {"summary": "安装简单的水泵", "title": "水泵 8413.70"}),
        ("note", {"summary": "Water pump for Ningbo farms", "title": "宁波 water pump"}),  # again: cached arrays
    ]
    postings, made, _words = embedded._analyze(5, batch, {"note": notes}, embedded._Numbering())
    written: dict[int, dict[str, int]] = {}
    for term, ids, masks in postings:
        ids = np.frombuffer(ids, dtype=np.int32)
        assert list(ids) == sorted(ids)
        for docid, mask in zip(ids.tolist(), masks, strict=True):
            written.setdefault(docid, {})[term] = mask
    assert [row[0] for row in made] == [5, 6, 7, 8]
    for docid, (_type, texts) in enumerate(batch, 5):
        assert written[docid] == document_terms(notes, texts)
    assert written[5]["pump"] == 0b11  # in the summary and the title


def _as_before_responsive(documents):
    """Documents as the version before ``responsive`` wrote them (none was)."""
    return [dataclasses.replace(d, responsive=False) for d in documents]


def test_an_embedded_index_written_before_responsive_is_upgraded_when_opened(tmp_path):
    """A file of the previous version (``docs`` without ``responsive``, a format 2 snapshot)
    is upgraded in place by whichever process opens it first: nothing to rebuild, the same
    scores as before, responsive documents ranked from their next write on, and the previous
    version's statements (which name their columns) still work on it."""
    import sqlite3

    import search.embedded as embedded

    def opened():
        backend = embedded.EmbeddedBackend(str(tmp_path / "index"), refresh=0)
        backend.register(PRODUCT)
        backend.register(EXHIBITOR)
        return backend

    running = opened()  # a process of the previous version that keeps serving meanwhile
    running.rebuild([_as_before_responsive(CATALOG), _as_before_responsive(DIRECTORY)])
    before = [(h.key, h.score) for h in running.search(Request("pump", types=("product",))).hits]
    file = running._local.file
    older = sqlite3.connect(file, isolation_level=None)
    older.execute("ALTER TABLE docs DROP COLUMN responsive")
    (meta,) = older.execute("SELECT data FROM snapshot WHERE name = 'meta'").fetchone()
    older.execute("UPDATE snapshot SET data = ? WHERE name = 'meta'", (json.dumps({**json.loads(meta), "format": 2}),))
    older.execute("DELETE FROM snapshot WHERE name = 'responsive'")
    older.close()

    upgraded = opened()
    assert [(h.key, h.score) for h in upgraded.search(Request("pump", types=("product",))).hits] == before
    assert upgraded._local.file == file  # the same file, not a rebuilt one
    assert upgraded.status()["documents"] == {"product": 5, "exhibitor": 2}
    column = next(row for row in upgraded._local.db.execute("PRAGMA table_info(docs)") if row[1] == "responsive")
    assert column[3:5] == (1, "0")  # NOT NULL DEFAULT 0: what the previous version's rows and inserts get
    upgraded.index([product("21", "Brass ball valve", responsive=True), product("22", "Brass ball valve")])
    for backend in (upgraded, running, opened()):  # this process, one that read the old file, a new one
        result = backend.search(Request("valve", types=("product",)))
        assert [(h.key, h.score) for h in result.hits] == [("21", 13.0), ("22", 12.0)]
    previous = sqlite3.connect(file, isolation_level=None)
    previous.execute("BEGIN")
    previous.execute(
        "INSERT INTO docs (docid, type, key, texts, coded, verified, tier, updated, price, words) "
        "VALUES (999, 'product', 'x', '{}', '{}', 1, 0, 0, NULL, '[]')"
    )
    assert previous.execute("SELECT responsive FROM docs WHERE docid = 999").fetchone() == (0,)
    previous.execute("ROLLBACK")
    previous.close()
    upgraded.rebuild([CATALOG, DIRECTORY])  # a rebuild writes the new format, and a new process reads it
    assert {h.key: h.score for h in opened().search(Request("", types=("exhibitor",))).hits} == {"12": 3.0, "11": 2.0}


def test_an_elasticsearch_index_made_before_responsive_takes_it_at_the_next_write(tmp_path, monkeypatch):
    """Indices made by the previous version lack ``responsive`` in their mapping and documents:
    the next write puts it into the mapping, the old documents score as before, and a
    responsive document written now ranks above an equal one. No rebuild needed."""
    from search.elastic import ElasticsearchBackend

    mapping, source = ElasticsearchBackend._mapping, ElasticsearchBackend._source

    def older_mapping(self, doc_type):
        out = mapping(self, doc_type)
        del out["properties"]["responsive"]
        return out

    def older_source(self, document):
        out, words = source(self, document)
        del out["responsive"]
        return out, words

    previous = _elasticsearch(tmp_path)
    monkeypatch.setattr(ElasticsearchBackend, "_mapping", older_mapping)
    monkeypatch.setattr(ElasticsearchBackend, "_source", older_source)
    previous.register(PRODUCT)
    try:
        previous.rebuild([_as_before_responsive(CATALOG)])
        before = [(h.key, h.score) for h in previous.search(Request("pump", types=("product",))).hits]
        monkeypatch.undo()
        url = require_service("TEST_ELASTICSEARCH_URL", "the Elasticsearch-API test server")
        current = ElasticsearchBackend(url, prefix=previous.prefix, plain_json=True)  # the new version
        current.register(PRODUCT)
        assert [(h.key, h.score) for h in current.search(Request("pump", types=("product",))).hits] == before
        current.index([product("21", "Brass ball valve", responsive=True), product("22", "Brass ball valve")])
        mappings = current.client.indices.get_mapping(index=current._alias("product"))
        assert all(m["mappings"]["properties"]["responsive"] == {"type": "boolean"} for m in mappings.values())
        result = current.search(Request("valve", types=("product",)))
        assert [(h.key, h.score) for h in result.hits] == [("21", 13.0), ("22", 12.0)]
    finally:
        previous.drop()
