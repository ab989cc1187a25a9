"""core.cache: named regions with a bound, a time to live and one way to say what changed."""

import time

import pytest

from core import cache


@pytest.fixture()
def regions():
    made = []

    def make(name, **kwargs):
        found = cache.region(f"test-{name}-{len(made)}-{time.monotonic_ns()}", **kwargs)
        made.append(found.name)
        return found

    yield make
    for name in made:
        cache._REGIONS.pop(name, None)


def test_a_region_keeps_at_most_its_bound_and_drops_the_least_recently_used(regions):
    found = regions("lru", max_entries=3)
    for key in "abc":
        found.set(key, key.upper())
    assert found.get("a") == "A"  # now the most recently used
    found.set("d", "D")
    assert found.get("b") is None and [found.get(k) for k in "acd"] == ["A", "C", "D"]
    assert len(found) == 3


def test_entries_expire_after_the_time_to_live(regions):
    found = regions("ttl", max_entries=10, ttl=0.05)
    found.set("k", 1)
    assert found.get("k") == 1
    time.sleep(0.08)
    assert found.get("k") is None


def test_get_or_set_builds_once(regions):
    found = regions("build", max_entries=10)
    calls = []
    assert found.get_or_set("k", lambda: calls.append(1) or "v") == "v"
    assert found.get_or_set("k", lambda: calls.append(1) or "w") == "v"
    assert calls == [1]


def test_changed_empties_only_the_regions_that_depend_on_it(regions):
    products = regions("products", max_entries=10, depends_on=("product",))
    tree = regions("tree", max_entries=10, depends_on=("category",))
    products.set("k", 1)
    tree.set("k", 2)
    cache.changed("product")
    assert products.get("k") is None and tree.get("k") == 2


def test_a_name_is_declared_once(regions):
    found = regions("once", max_entries=1)
    with pytest.raises(RuntimeError):
        cache.region(found.name, max_entries=1)


def test_every_cache_of_the_app_is_a_region():
    import wsgi  # noqa: F401 - loads every module that declares one

    names = set(cache.stats())
    for expected in (
        "product_cards",
        "exhibitor_cards",
        "layout_fragments",
        "category_tree",
        "category_counts",
        "url_prefixes",
        "constant_texts",
        "compiled_statements",
    ):
        assert expected in names
