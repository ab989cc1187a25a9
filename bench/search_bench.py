#!/usr/bin/env python3
"""The search rows of ``make bench``, measured in-process on the embedded backend.

bench/run.py runs this script with the venv's Python and the app's environment, after
``flask demo load``:

``reindex``
    ``core.search.reindex()`` (every registered type, from the database) in this process, which
    does nothing else; prints the ``reindex_all`` row: seconds, this process's peak memory
    (``ru_maxrss``), what the app had loaded before the rebuild began and, when the rebuild
    analyzes in worker processes, their peak and the sampled peak of all of them together.
``measure``
    opens the built index in a fresh process (like a gunicorn worker does) and times
    ``search_selective``, ``search_broad`` and ``suggest``: a warm-up pass over every query,
    then ``--calls`` timed calls each (rotating over the queries), p50/p95/p99 in ms. The
    number of matches of every query is printed, with a warning when a query no longer has
    the selectivity its row is about (``SELECTIVE_SHARE``, ``BROAD_SHARE``).

Output: progress and the per-query figures on stderr, one ``BENCH_ROW {json}`` line per row on
stdout (what run.py reads). Targets are the issue's, for 1,000,000 products.

The module level is stdlib only: run.py (stdlib only) imports the page paths of search_page
from here.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import sys
import time
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as bench/search_bench.py: the app's packages are at the root
    sys.path.insert(0, str(ROOT))

CALLS = 500  # timed calls per row
TARGET_MS = {"search_selective": 30.0, "search_broad": 150.0, "suggest": 10.0}  # p95, at 1,000,000 products
REINDEX_TARGET_SECONDS = 180.0
# What the rows are about, as shares of the indexed products: fewer than 10,000 of 1,000,000
# for a selective query, 100,000 or more for a broad one.
SELECTIVE_SHARE = 0.01
BROAD_SHARE = 0.10
TOP = "<most common>"  # a filter value: the facet's most common value among the query's own matches

# ---------------------------------------------------------------- the queries
#
# Chosen from demo.bulk's vocabulary (see bench/README.md, "The search rows"). A product's title
# is an adjective and a noun of its leaf category (12 adjectives x 3 nouns per leaf, ~57 leaves);
# its "names" field holds its category path, its keywords (noun and leaf name) and its exhibitor's
# names (district, brand, trade, kind); its body the description (the same six features, packing,
# FOB port, "OEM/ODM"), specifications, HS code and certifications. So at 1,000,000 products a
# noun matches ~6,000 (2,000-11,000: leaves differ in size), an adjective and a noun ~500, a
# leaf's name its whole leaf (avoided), and the boilerplate of every description nearly all.


@dataclass(frozen=True)
class Query:
    text: str
    filters: tuple[tuple[str, object], ...] = ()  # (facet, value); TOP: see above
    empty: bool = False  # meant to find nothing

    def label(self) -> str:
        extra = " ".join(f"{name}={value}" for name, value in self.filters)
        return f"{self.text!r}" + (f" [{extra}]" if extra else "")


SELECTIVE = [
    # Every query narrows a noun (up to ~1% of the products when its leaf is a large one) by an
    # adjective, a district, a filter or a model number, so it stays well under SELECTIVE_SHARE.
    Query("高品质 球阀"),  # adjective and noun, Chinese
    Query("Professional gate valve"),
    Query("出口级 蓝牙音箱"),
    Query("Economy down jacket"),
    Query("Eco-friendly yoga mat"),
    Query('"Custom ball valve"'),  # a phrase
    Query("Wholesale stainless steel bolt"),
    Query("Premium ceramic brake pad"),
    Query("Beilun ball valve"),  # a district (in the exhibitor's name) and a noun
    Query("北仑 刹车片"),
    Query("型号 2350"),  # a model number (型号: "model", in every description)
    Query("wireless earbuds", (("district", TOP),)),
    Query("空气炸锅", (("price", (None, 20.0)),)),  # USD
    Query("air fryer", (("certification", TOP),)),
    Query("露营帐篷", (("moq", (None, 300)),)),
    Query("camping tent", (("tier", "gold"),)),
    Query("nitrile gloves", (("certification", TOP),)),
    Query("LED flood light", (("price", (None, 10.0)),)),
    Query("solar inverter", (("tier", "gold"),)),
    Query("羽绒服", (("hall", TOP),)),
    Query("trolley suitcase", (("certification", TOP),)),
    Query("electric kettle", (("price", (5.0, 30.0)),)),
    Query("qiufa", (("district", TOP),)),  # 球阀 typed in pinyin
    Query("lanya yinxiang", (("price", (None, 30.0)),)),  # 蓝牙音箱 in pinyin, two words
    Query("kqzg", (("moq", (None, 500)),)),  # 空气炸锅 by its initials
    Query("扫地机器人", empty=True),  # not in the catalog: a search that finds nothing costs too
]
BROAD = [Query(text) for text in ("宁波", "ningbo", "定制", "oem", "export", "quality", "carton", "包装")]
SUGGEST = [
    # 1-4 Latin letters (English words, and pinyin / initials of Chinese ones)
    *("a", "b", "c", "d", "f", "g", "l", "m", "p", "s", "t", "w"),
    *("ai", "ba", "ca", "de", "el", "fr", "le", "pa", "po", "sa", "st", "wi"),
    *("bal", "cam", "cer", "fil", "gla", "pum", "sol", "ste", "tro", "yog"),
    *("ball", "came", "fold", "lith", "pack", "stai", "wate"),
    # pinyin prefixes
    *("qiu", "lany", "kongq", "yur", "ningb", "shui", "xin", "gaop"),
    # initials
    *("qf", "ly", "kq", "yrf", "nb", "gp", "zh"),
    # Chinese characters
    *("球", "不锈", "蓝牙", "空气", "羽绒", "宁波", "陶瓷", "冷冻", "智能", "太阳"),
]
# search_page (run.py, wrk): selective and broad words, and one facet filter (a district).
PAGE_QUERIES = [
    "球阀",
    "air fryer",
    "lanya yinxiang",
    "camping tent",
    "出口级 蓝牙音箱",
    "宁波",
    "oem",
    "quality",
    ("球阀", {"district": "330206"}),
]


def search_page_paths(lang: str = "zh") -> list[str]:
    """``/zh/search?q=...`` for each of PAGE_QUERIES (a filter as its own query parameter)."""
    paths = []
    for item in PAGE_QUERIES:
        text, filters = (item, {}) if isinstance(item, str) else item
        paths.append(f"/{lang}/search?" + urllib.parse.urlencode({"q": text, **filters}))
    return paths


# ---------------------------------------------------------------- timing


def percentile(sorted_values: Sequence[float], p: float) -> float:
    """Nearest rank."""
    return sorted_values[max(0, math.ceil(p / 100 * len(sorted_values)) - 1)]


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def emit(row: dict) -> None:
    print("BENCH_ROW " + json.dumps(row, ensure_ascii=False), flush=True)


def peak_mb() -> float:
    """This process's peak resident memory (Linux: ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def _proc_kb(pid: int, file: str, field: str) -> int:
    try:
        with open(f"/proc/{pid}/{file}") as handle:
            for line in handle:
                if line.startswith(field):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _descendants(root: int) -> list[int]:
    """The processes below ``root`` (/proc/PID/task/TID/children: no scan of every process)."""
    found, frontier = [], [root]
    while frontier:
        children = []
        for pid in frontier:
            try:
                tasks = os.listdir(f"/proc/{pid}/task")
            except OSError:
                continue
            for tid in tasks:
                try:
                    with open(f"/proc/{pid}/task/{tid}/children") as handle:
                        children.extend(int(child) for child in handle.read().split())
                except (OSError, ValueError):
                    continue
        found.extend(children)
        frontier = children
    return found


class TreeMemory:
    """The peak, sampled every ``interval`` s (~5 ms a process a sample), of the memory of this
    process and the worker processes it starts (a rebuild may analyze in forked workers, which
    ru_maxrss of this process does not count): the sum of their Pss, so pages a fork shares
    count once."""

    def __init__(self, interval: float = 1.0):
        import threading

        self.interval = interval
        self.peak_kb = 0
        self.workers = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            workers = _descendants(me)
            self.workers = max(self.workers, len(workers))
            total = sum(_proc_kb(pid, "smaps_rollup", "Pss:") for pid in [me, *workers])
            self.peak_kb = max(self.peak_kb, total)
            self._stop.wait(self.interval)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def report(self) -> dict:
        """``peak_mb`` (this process, exact), and with workers their count, the largest one's
        peak and the sampled peak of the whole tree."""
        out: dict = {"peak_mb": round(peak_mb())}
        if self.workers:
            out["workers"] = self.workers
            out["worker_peak_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
            out["tree_peak_mb"] = round(self.peak_kb / 1024)
        return out


def timed_row(
    name: str, call: Callable[[object], int], items: Sequence, calls: int, labels: Sequence[str]
) -> tuple[dict, list[int]]:
    """A warm-up pass over ``items`` (recording what each returns), then ``calls`` timed calls
    rotating over them. ``call(item)`` returns the item's match count; returns the row and the
    counts."""
    counts = [call(item) for item in items]
    first = [0.0] * len(items)
    for n, item in enumerate(items):  # a second pass, timed apart: the per-item figures below
        t0 = time.perf_counter()
        call(item)
        first[n] = (time.perf_counter() - t0) * 1000
    timings = []
    per_item: list[list[float]] = [[] for _ in items]
    for i in range(calls):
        n = i % len(items)
        t0 = time.perf_counter()
        call(items[n])
        ms = (time.perf_counter() - t0) * 1000
        timings.append(ms)
        per_item[n].append(ms)
    timings.sort()
    for n, label in enumerate(labels):
        mine = sorted(per_item[n] or [first[n]])
        say(f"  {name}: {label:<48} matches {counts[n]:>9,}  median {percentile(mine, 50):8.2f} ms")
    p95 = percentile(timings, 95)
    target = TARGET_MS[name]
    row = {
        "name": name,
        "p50_ms": round(percentile(timings, 50), 2),
        "p95_ms": round(p95, 2),
        "p99_ms": round(percentile(timings, 99), 2),
        "target_ms": target,
        "met": p95 <= target,
        "calls": calls,
        "queries": len(items),
        "min_total": min(counts),
        "max_total": max(counts),
    }
    return row, counts


def resolve_filters(backend, query: Query, request_type) -> dict:
    """The query's filters, TOP replaced by the facet's most common value among its matches."""
    filters = {}
    for name, value in query.filters:
        if value == TOP:
            facets = backend.search(request_type(query.text, types=("product",), limit=1, facets=True)).facets
            counts = facets.get(name) or {}
            if not counts:
                raise SystemExit(f"{query.label()}: no values of facet {name!r} among its matches")
            value = [max(counts, key=counts.get)]
        elif isinstance(value, str):
            value = [value]
        filters[name] = value
    return filters


def measure(backend, products: int, calls: int, synonyms=None) -> list[dict]:
    from search import Request

    rows = []
    for name, queries in (("search_selective", SELECTIVE), ("search_broad", BROAD)):
        requests = [
            Request(q.text, types=("product",), filters=resolve_filters(backend, q, Request), limit=20, facets=True)
            for q in queries
        ]
        labels = [
            q.text + "".join(f" [{k}={v}]" for k, v in r.filters.items())
            for q, r in zip(queries, requests, strict=True)
        ]
        row, counts = timed_row(name, lambda r: backend.search(r, synonyms).total, requests, calls, labels)
        if name == "search_selective":
            limit = SELECTIVE_SHARE * products
            off = [label for label, total in zip(labels, counts, strict=True) if total >= limit]
            rule = f"fewer than {limit:,.0f} matches ({SELECTIVE_SHARE:.0%} of {products:,} products)"
        else:
            limit = BROAD_SHARE * products
            off = [label for label, total in zip(labels, counts, strict=True) if total < limit]
            rule = f"{limit:,.0f} matches or more ({BROAD_SHARE:.0%} of {products:,} products)"
        row["selectivity_ok"] = not off
        if off:
            say(f"  warning: {name}: these queries do not have {rule}: {', '.join(off)}")
        nothing = [label for q, label, total in zip(queries, labels, counts, strict=True) if not total and not q.empty]
        if nothing:  # cheap, so they flatter the row: expected only with few products
            say(f"  note: {name}: {len(nothing)} queries matched nothing: {', '.join(nothing)}")
        rows.append(row)
    row, counts = timed_row("suggest", lambda p: len(backend.suggest(p, limit=8)), SUGGEST, calls, SUGGEST)
    empty = [p for p, found in zip(SUGGEST, counts, strict=True) if not found]
    if empty:
        say(f"  note: suggest: no suggestion for {', '.join(empty)}")
    rows.append(row)
    return rows


def show(row: dict) -> None:
    if "p95_ms" in row:
        say(
            f"{row['name']}: p50 {row['p50_ms']} ms, p95 {row['p95_ms']} ms, p99 {row['p99_ms']} ms"
            f" (target p95 <= {row['target_ms']:g} ms: {'met' if row['met'] else 'NOT MET'});"
            f" matches {row['min_total']:,}-{row['max_total']:,} over {row['queries']} queries"
        )
    else:
        workers = ""
        if row.get("workers"):
            workers = (
                f" ({row['workers']} workers, the largest {row['worker_peak_mb']} MB;"
                f" all together {row['tree_peak_mb']} MB)"
            )
        say(
            f"{row['name']}: {row['seconds']} s, peak {row['peak_mb']} MB{workers}, documents {row['documents']}"
            f" (target <= {row['target_seconds']:g} s: {'met' if row['met'] else 'NOT MET'})"
        )


# ---------------------------------------------------------------- the app's index


def app_reindex() -> dict:
    import wsgi
    from core import search as core_search

    with wsgi.app.app_context():
        before = rss_mb()
        say(f"reindex: the app loaded, {before:.0f} MB; core.search.reindex() ...")
        with TreeMemory() as memory:
            t0 = time.perf_counter()
            result = core_search.reindex(report=lambda line: say(f"  {line}"))
            seconds = time.perf_counter() - t0
    return {
        "name": "reindex_all",
        "seconds": round(seconds, 1),
        **memory.report(),
        "documents": result["documents"],
        "met": seconds <= REINDEX_TARGET_SECONDS,
        "target_seconds": REINDEX_TARGET_SECONDS,
        "app_mb": round(before),  # resident before the rebuild began: the app and its imports
        "caught_up": result.get("caught_up", 0),
    }


def app_measure(calls: int) -> list[dict]:
    import wsgi
    from core import search as core_search

    with wsgi.app.app_context():
        backend = core_search.backend()
        if getattr(backend, "name", "") != "embedded":
            raise SystemExit(f"the app's search backend is {backend.name!r}, not the embedded one")
        synonyms = core_search.synonyms()
        return measure_backend(backend, calls, synonyms)


def measure_backend(backend, calls: int, synonyms=None) -> list[dict]:
    t0 = time.perf_counter()
    status = backend.status()  # opens the index and loads its columns, as a worker's first search does
    products = status["documents"].get("product", 0)
    say(
        f"index {status['file']}: {status['documents']} documents, {status['size_bytes'] / 2**20:,.0f} MB,"
        f" {status['pending_postings']:,} pending postings; opened in {time.perf_counter() - t0:.2f} s"
    )
    if not products:
        raise SystemExit("the index holds no products: was reindex run?")
    rows = measure(backend, products, calls, synonyms)
    say(f"memory: {rss_mb():,.0f} MB resident, peak {peak_mb():,.0f} MB")
    return rows


# ---------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("reindex", help="the reindex_all row: core.search.reindex() in this process")
    timing = commands.add_parser("measure", help="the in-process rows on the app's index")
    timing.add_argument("--calls", type=int, default=CALLS, help=f"timed calls per row (default {CALLS})")
    args = parser.parse_args(argv)

    rows = [app_reindex()] if args.command == "reindex" else app_measure(args.calls)
    for row in rows:
        show(row)
        emit(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
