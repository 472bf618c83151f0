"""Draw bench/scale.png from the benchmark's figures: time and peak memory of each step against size, log scales.

    python bench/plot.py bench/results.json bench/scale.png

How cost grows with work, at a glance: on log-log axes a step whose cost is linear in the graph's size is a
straight line of slope 1. matplotlib is the ``bench`` extra (``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

STEPS = {
    "oxigraph_load": "pyoxigraph Store.load (memory)",
    "oxigraph_cli_load": "oxigraph load (bulk, to disk)",
    "kgtool_store_nocache": "kgtool load (query store, no cache)",
    "kgtool_store_cache_build": "kgtool load, first run (builds the cache)",
    "queries_oxigraph": "contract queries (slowest, once loaded)",
    "delta_100": "kgtool check, 100-triple change",
    "validate_kgtool": "kgtool validate, end to end",
    "publish": "kgtool publish, end to end",
    "rdflib_parse": "rdflib Graph.parse (baseline)",
}
QUERIES = ("cast", "roles", "appearances", "adaptations", "novels", "spinoffs")


def figures(runs: list[dict], step: str) -> tuple[float | None, float | None]:
    """(seconds, peak MB) of a step's runs; the slowest contract query for the query step."""
    done = [r for r in runs if "rss_mb" in r]
    if not done:
        return None, None
    if step == "queries_oxigraph":
        seconds = max(statistics.median(r[q] for r in done) for q in QUERIES)
    elif step == "validate_kgtool":
        seconds = statistics.median(r.get("end_to_end", r["seconds"]) for r in done)
    else:
        seconds = statistics.median(r["seconds"] for r in done)
    memory = max(r.get("rss_mb", 0) + r.get("child_rss_mb", 0) * (step == "validate_kgtool") for r in done)
    if step == "oxigraph_cli_load":
        memory = max(r.get("child_rss_mb", 0) for r in done)
    if step == "delta_100":
        memory = max(r.get("check_rss_mb", 0) for r in done)
    return seconds, memory


def plot(results: dict, target: Path) -> None:
    """Write the PNG: two panels (seconds, peak MB), one line per step."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = sorted(int(k) for k in results if k.isdigit())
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 5.5))
    for step, title in STEPS.items():
        points = [(size, *figures(results[str(size)].get(step, []), step)) for size in sizes]
        points = [p for p in points if p[1] is not None]
        if not points:
            continue
        style = "--" if step in ("rdflib_parse", "oxigraph_cli_load") else "-"
        left.plot([p[0] for p in points], [p[1] for p in points], style, marker="o", label=title)
        right.plot([p[0] for p in points], [p[2] for p in points], style, marker="o", label=title)
    for axis, name in ((left, "seconds (median)"), (right, "peak resident memory, MB")):
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlabel("triples")
        axis.set_ylabel(name)
        axis.grid(True, which="both", alpha=0.3)
    left.set_title("time against size")
    right.set_title("peak memory against size (all of a step's processes)")
    handles, labels = left.get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=3, fontsize=8)
    fig.tight_layout(rect=(0, 0.12, 1, 1))
    fig.savefig(target, dpi=110)


def main() -> int:
    """``plot.py RESULTS.json OUT.png``."""
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("results.json")
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).with_name("scale.png")
    plot(json.loads(source.read_text(encoding="utf-8")), target)
    print(f"wrote {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
