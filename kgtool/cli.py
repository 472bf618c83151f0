"""The ``kgtool`` command line: a thin layer over the library functions.

Exit codes: 0 success (or data that conforms), 1 validation violations, 2 unreadable input or a usage
error. Errors are one clear line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kgtool import __version__
from kgtool.errors import KgError, UsageError


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="kgtool",
        description="Validate, query and export the connelly-kg knowledge graph of Michael Connelly's universe.",
    )
    parser.add_argument("--version", action="version", version=f"kgtool {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    validate = commands.add_parser("validate", help="check the graph (and candidate files) against the SHACL shapes")
    validate.add_argument("files", nargs="*", type=Path, help="extra Turtle files to validate with the graph")
    validate.add_argument("--format", choices=("text", "json", "github"), default="text", help="report format")
    validate.add_argument("--strict", action="store_true", help="fail on warnings too")
    validate.set_defaults(handler=cmd_validate)

    query = commands.add_parser(
        "query",
        help="run a saved query (by name) or a .rq file",
        add_help=False,
        description="Run a saved query from queries/ by name, or any .rq file. "
        "'kgtool query NAME --help' shows that query's summary and parameters.",
    )
    query.add_argument("query", nargs="?", help="saved query name (see 'kgtool queries') or path to a .rq file")
    query.add_argument("--param", "-p", action="append", default=[], metavar="KEY=VALUE", help="a parameter value")
    query.add_argument("--format", "-f", choices=("table", "csv", "tsv", "json"), default="table")
    query.add_argument("--lang", choices=("en", "fr"), default=None, help="label language (falls back to English)")
    query.add_argument("--help", "-h", action="store_true", help="show help (of the query, when one is named)")
    query.set_defaults(handler=cmd_query, parser=query)

    queries = commands.add_parser("queries", help="list the saved queries with their summaries and parameters")
    queries.set_defaults(handler=cmd_queries)

    export = commands.add_parser("export", help="serialise the whole graph")
    export.add_argument("--format", choices=("turtle", "nt", "jsonld", "trig", "xml"), default="turtle")
    export.add_argument("-o", "--output", type=Path, help="write to this file (atomically) instead of stdout")
    export.set_defaults(handler=cmd_export)

    stats = commands.add_parser("stats", help="count entities per class, triples and sources")
    stats.set_defaults(handler=cmd_stats)
    return parser


def cmd_validate(args: argparse.Namespace) -> int:
    """``kgtool validate``."""
    from kgtool.dataset import load_dataset, load_shapes
    from kgtool.report import render
    from kgtool.validation import validate_dataset

    dataset = load_dataset(extra=args.files)
    report = validate_dataset(dataset, load_shapes(dataset.root))
    print(render(report, args.format, dataset.graph))
    return report.exit_code(args.strict)


def cmd_query(args: argparse.Namespace) -> int:
    """``kgtool query``."""
    from kgtool.dataset import find_root
    from kgtool.queries import find_query

    if args.query is None:
        args.parser.print_help()
        return 0 if args.help else 2
    saved = find_query(find_root(), args.query)
    if args.help:
        print(saved.help())
        return 0
    from kgtool.local import run_saved_query
    from kgtool.results import render_result

    result = run_saved_query(saved, parse_params(args.param), lang=args.lang)
    print(render_result(result, args.format))
    return 0


def cmd_queries(args: argparse.Namespace) -> int:
    """``kgtool queries``."""
    from kgtool.dataset import find_root
    from kgtool.queries import registry

    saved = registry(find_root())
    width = max((len(name) for name in saved), default=0)
    for name, query in saved.items():
        params = ", ".join(p.describe() for p in query.parameters) or "no parameters"
        print(f"{name.ljust(width)}  {query.summary}\n{' ' * width}  parameters: {params}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """``kgtool export``."""
    from kgtool.dataset import load_dataset
    from kgtool.export import serialise, write_output

    write_output(serialise(load_dataset().graph, args.format), args.output)
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    """``kgtool stats``."""
    from kgtool.dataset import load_dataset
    from kgtool.stats import compute_stats

    print(compute_stats(load_dataset().graph).render())
    return 0


def parse_params(values: list[str]) -> dict[str, str]:
    """``["series=Ballard"]`` → ``{"series": "Ballard"}``; a value without '=' is a usage error."""
    params: dict[str, str] = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--param {item!r}: expected KEY=VALUE, for example --param series=Ballard")
        params[key.strip()] = value.strip()
    return params


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return args.handler(args)
    except KgError as exc:
        print(f"kgtool: error: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
