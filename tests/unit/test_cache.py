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


# ---------------------------------------------------------------- the store shared by workers
def _app_with_store(directory, megabytes=4):
    from flask import Flask

    app = Flask("shared-test")
    app.instance_path = str(directory)
    app.config["SHARED_CACHE_MB"] = megabytes
    cache.init_app(app, directory)
    return app


def test_a_shared_region_gives_one_workers_value_to_another(regions, tmp_path):
    """Two apps over one instance folder stand for two worker processes: each has its own
    connection to the store; the second finds what the first kept once its own copy is gone."""
    found = regions("pages", max_entries=10, shared=True)
    first, second = _app_with_store(tmp_path), _app_with_store(tmp_path)
    stores = [app.extensions["tradewindow_shared_cache"] for app in (first, second)]
    assert stores[0] is not stores[1] and stores[0].directory == stores[1].directory
    with first.app_context():
        found.set(("page", 1, ("content",)), "<html>one</html>")
    found.clear()  # this process's copy only
    with second.app_context():
        assert found.get(("page", 1, ("content",))) == "<html>one</html>"
        assert found.get(("page", 1, ("other content",))) is None
    found.clear()
    assert found.get(("page", 1, ("content",))) is None  # outside an app: this process only


def test_a_key_that_cannot_be_pickled_is_kept_in_this_process_only(regions, tmp_path):
    found = regions("unpicklable", max_entries=10, shared=True)
    key = ("page", lambda: None)
    with _app_with_store(tmp_path).app_context():
        found.set(key, "value")
        assert found.get(key) == "value"
        found.clear()
        assert found.get(key) is None


def test_a_broken_store_is_a_miss_never_an_error(regions, tmp_path, caplog):
    found = regions("broken", max_entries=10, shared=True)
    app = _app_with_store(tmp_path)
    store = app.extensions["tradewindow_shared_cache"]
    with app.app_context():
        found.set("k", "v")
        found.clear()
        for entry in store.directory.iterdir():
            if entry.is_file():
                entry.write_bytes(b"not a database")
        store._pid = None  # as a new worker would open it
        found.set("k2", "v2")  # not kept in the store, kept here
        assert found.get("k2") == "v2"
        found.clear()
        assert found.get("k") is None and found.get("k2") is None
    assert "shared cache" in caplog.text and "failed" in caplog.text


def test_shared_regions_cannot_expire_or_depend(regions):
    with pytest.raises(ValueError):
        regions("bad", max_entries=1, shared=True, ttl=5)
    with pytest.raises(ValueError):
        regions("bad2", max_entries=1, shared=True, depends_on=("product",))


def test_a_changed_file_or_address_is_a_new_build(tmp_path):
    (tmp_path / "core" / "templates").mkdir(parents=True)
    page = tmp_path / "core" / "templates" / "page.html"
    page.write_text("<p>one</p>")
    config = {"BASE_URL": "https://a.example"}
    first = cache._build_id(tmp_path, config)
    assert cache._build_id(tmp_path, config) == first
    assert cache._build_id(tmp_path, {"BASE_URL": "https://b.example"}) != first
    page.write_text("<p>two, longer</p>")
    assert cache._build_id(tmp_path, config) != first


def test_no_store_without_megabytes(tmp_path):
    app = _app_with_store(tmp_path, megabytes=0)
    assert "tradewindow_shared_cache" not in app.extensions and not (tmp_path / "cache").exists()
