"""The search library's text analysis (search/analysis.py): what a query finds, judged on the
terms the index keeps, whatever backend stores them."""

import pytest

from search.analysis import index_terms, parse, pinyin_terms, split_pinyin


def finds(query: str, *texts: str) -> bool:
    """Whether ``query`` matches a document made of ``texts``, as a backend matches terms."""
    streams = {"text": [], "pinyin": []}
    for text in texts:
        streams["text"] += index_terms(text)
        streams["pinyin"] += pinyin_terms(text)
    clauses = parse(query)
    assert clauses, query

    def matches(alternative):  # a phrase is its pairs of neighbours: presence is enough
        return all(term in streams[alternative.stream] for term in alternative.terms)

    return all(any(matches(a) for a in clause.alternatives) for clause in clauses)


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("简单", "安装简单，使用方便"),  # a two-character word inside a longer one
        ("处理", "待处理的订单"),
        ("泵", "不锈钢离心水泵"),  # one character
        ("离心", "不锈钢离心水泵 CP50"),
        ("Pumps", "Stainless centrifugal pump"),  # case and stem
        ("pumping", "Stainless centrifugal pump"),
        ("ＣＰ５０", "CP50 pump"),  # full-width typing
        ("ningbo", "宁波清泉水泵有限公司"),  # full pinyin
        ("nb", "宁波清泉水泵有限公司"),  # initials
        ("ningboshi", "宁波市北仑区"),
        ("pump 宁波", ("Ningbo pump", "宁波水泵")),  # mixed: each clause matches in one of the fields
        ('"centrifugal pump"', "a centrifugal pump for water"),  # a phrase, in order
        ("8413", "HS 8413.70"),
    ],
)
def test_what_a_query_finds(query, text):
    assert finds(query, text) if isinstance(text, str) else finds(query, *text)


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("景点", "经典款式"),  # Chinese characters never match characters that only sound alike
        ("简单", "简约单品"),  # the pair must be there, not its characters apart
        ('"pump centrifugal"', "a centrifugal pump"),  # a phrase keeps its order
        ("valve", "Stainless centrifugal pump"),
        ("nbx", "宁波"),
    ],
)
def test_what_a_query_does_not_find(query, text):
    assert not finds(query, text)


def test_pinyin_is_split_into_the_fewest_syllables():
    assert split_pinyin("ningbo") == ["ning", "bo"]
    assert split_pinyin("xian") == ["xian"]  # 先, not xi + an
    assert split_pinyin("pump") is None
