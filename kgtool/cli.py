"""The ``kgtool`` command line: a thin layer over the library functions.

Exit codes: 0 success (or data that conforms), 1 validation violations, 2 unreadable input or a usage
error. Errors are one clear line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import math
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from kgtool.defaults import (
    ALLOW_REMOTE_CONTEXTS,
    DEFAULT_BATCH,
    DEFAULT_BATCH_SIZE,
    DEFAULT_GRAPH,
    DEFAULT_HOST,
    DEFAULT_MIN_SCORE,
    DEFAULT_PORT,
    DEFAULT_RATE,
    DEFAULT_TIMEOUT,
    PROJECT_URL,
    WIKIDATA_SPARQL,
)
from kgtool.errors import KgError, UsageError

if TYPE_CHECKING:
    from kgtool.store.dataset import Dataset
    from kgtool.validate.findings import Report


class Argument(NamedTuple):
    """An argument of a :class:`CommandParser`: argparse's action, and the ``action=`` it was declared with."""

    action: argparse.Action
    kind: str | type[argparse.Action]


class Command(NamedTuple):
    """A subcommand of a :class:`CommandParser`: its parser and its one-line help."""

    parser: CommandParser
    help: str


class CommandParser(argparse.ArgumentParser):
    """argparse's parser that also keeps, for the reference of :mod:`kgtool.docs`, its arguments in the order
    they were added (``arguments``) and its subcommands (``commands``), through argparse's public methods only
    (argparse itself has no public way to list them). Subcommand parsers are of this class too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.arguments: list[Argument] = []
        self.commands: dict[str, Command] = {}
        super().__init__(*args, **kwargs)

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        action = super().add_argument(*args, **kwargs)
        self.arguments.append(Argument(action, kwargs.get("action", "store")))
        return action

    def add_subparsers(self, **kwargs: Any) -> Any:
        group = super().add_subparsers(**kwargs)
        add_parser = group.add_parser

        def add(name: str, **options: Any) -> CommandParser:
            parser = add_parser(name, **options)
            self.commands[name] = Command(parser, options.get("help") or "")
            return parser

        group.add_parser = add
        return group


def build_parser() -> CommandParser:
    """The argument parser with every subcommand."""
    parser = CommandParser(
        prog="kgtool",
        description="Validate, query and export the connelly-kg knowledge graph of Michael Connelly's universe.",
    )
    parser.add_argument(
        "--version",
        action=_VersionAction,
        help="show the version of kgtool and of the graph in use (packaged or checkout), and exit",
    )
    parser.add_argument(
        "--allow-remote-contexts",
        action="store_true",
        help="let JSON-LD input name remote @context documents, fetched over the network (refused by default)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    validate = commands.add_parser(
        "validate",
        help="check the graph (and candidate files) against the SHACL shapes and the checks",
        description="Validate the ontology, every data file and the candidate FILES: the SHACL shapes, the SPARQL "
        "checks of checks/ (severities in checks/profile.yaml) and the shapes graph itself. Exit code 0: conforms "
        "(warnings allowed); 1: violations (or warnings, with --strict); 2: unreadable input or usage error.",
    )
    validate.add_argument("files", nargs="*", type=Path, help="extra Turtle files to validate with the graph")
    _add_report_options(validate, ("shacl",))
    validate.add_argument(
        "--shapes",
        action="append",
        type=Path,
        metavar="SHAPES",
        help="validate only the FILES (any RDF) against this shapes graph, without the project (as pyshacl -s)",
    )
    validate.add_argument(
        "--changed",
        metavar="BASE",
        help="validate only the entities whose triples changed since the git ref BASE, and their neighbours",
    )
    validate.set_defaults(handler=cmd_validate)

    check = commands.add_parser(
        "check",
        help="validate what candidate files add to the graph (delta validation)",
        description="Add the candidate FILES to the shipped graph and validate only the entities they touch, and "
        "their neighbours, against the whole graph; report what the change adds. Exit codes as for validate.",
    )
    check.add_argument("files", nargs="+", type=Path, help="candidate Turtle files")
    _add_report_options(check, ("shacl",))
    check.set_defaults(handler=cmd_check)

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
    query.add_argument("--endpoint", metavar="URL", help="run on this SPARQL endpoint instead of the local files")
    query.add_argument(
        "--engine",
        choices=("oxigraph", "rdflib"),
        help="local query engine (default: KGTOOL_ENGINE, else oxigraph on the cached store; rdflib in memory)",
    )
    query.add_argument(
        "--graph",
        metavar="IRI",
        help=f"with --endpoint: the graph to query (default {DEFAULT_GRAPH}, where kgtool publish writes; "
        "'default' for the store's default graph)",
    )
    query.add_argument(
        "--allow-service", action="store_true", help="let a local query call SERVICE (other servers, over the network)"
    )
    query.add_argument(
        "--timeout", type=seconds, metavar="S", help=f"with --endpoint: seconds to wait ({DEFAULT_TIMEOUT:g})"
    )
    query.set_defaults(handler=cmd_query, parser=query)

    queries = commands.add_parser("queries", help="list the saved queries with their summaries and parameters")
    queries.set_defaults(handler=cmd_queries)

    export = commands.add_parser(
        "export",
        help="serialise the graph, a framed JSON-LD view, the schema.org view, one entity, or the dataset description",
        description="Serialise the whole graph (ontology and data), deterministically. JSON-LD is compacted with "
        "ontology/context.jsonld; --frame, --profile and --entity narrow or reshape what is written; --void writes "
        "the VoID/DCAT description of the dataset instead.",
    )
    export.add_argument(
        "--format",
        choices=("turtle", "nt", "jsonld", "trig", "xml"),
        help="output format (default: turtle; jsonld with --frame or --profile)",
    )
    export.add_argument(
        "--frame", metavar="NAME", help="a framed JSON-LD view: series, novel or person (ontology/frames/), or a file"
    )
    export.add_argument("--profile", choices=("schema",), help="schema: the view in schema.org terms only")
    export.add_argument("--entity", metavar="ID", help="only this entity and its neighbourhood (IRI, CURIE or label)")
    export.add_argument("--void", action="store_true", help="write the dataset description (VoID + DCAT, Turtle)")
    export.add_argument("--endpoint", metavar="URL", help="with --void: the dataset's public SPARQL endpoint")
    export.add_argument("-o", "--output", type=Path, help="write to this file (atomically) instead of stdout")
    export.set_defaults(handler=cmd_export)

    diagram = commands.add_parser(
        "diagram",
        help="draw the franchise: series, spin-offs, seasons and the novels they adapt",
        description="Draw the TV series (boxes holding their seasons), their spin-off relations, and each season "
        "and film pointing at the books it adapts, as a Mermaid flowchart or a Graphviz digraph.",
    )
    diagram.add_argument("--format", choices=("mermaid", "dot"), default="mermaid", help="drawing language")
    diagram.add_argument(
        "--characters", action="store_true", help="add the characters who appear in more than one series or film"
    )
    diagram.add_argument("-o", "--output", type=Path, help="write to this file (atomically) instead of stdout")
    diagram.set_defaults(handler=cmd_diagram)

    fmt = commands.add_parser(
        "format",
        help="write data files in the canonical Turtle style (--check: only say which are not)",
        description="Rewrite the data FILES (default: every data/*.ttl) in the project's canonical style: grouped, "
        "sorted, relative IRIs. With --check nothing is written; exit code 1 lists the files that would change.",
    )
    fmt.add_argument("files", nargs="*", type=Path, help="data files (default: every data/*.ttl)")
    fmt.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file is not in the style")
    fmt.set_defaults(handler=cmd_format)

    site = commands.add_parser(
        "site",
        help="build the static linked-data site: a page per entity in English and French, search, queries",
        description="Write the static site of the graph into DIR: one HTML page per entity in English and French "
        "(with its schema.org JSON-LD, and its Turtle and JSON-LD files), index pages, the saved queries with "
        "their answers, a search index, and the w3id.org .htaccess of content negotiation. Only files whose "
        "content changed are written.",
    )
    site.add_argument("-o", "--output", type=Path, required=True, metavar="DIR", help="the folder to build into")
    site.add_argument(
        "--base-url", metavar="URL", help="where the site is published (canonical links, .htaccess redirects)"
    )
    site.set_defaults(handler=cmd_site)

    stats = commands.add_parser("stats", help="count entities per class, triples and sources")
    stats.set_defaults(handler=cmd_stats)

    publish = commands.add_parser(
        "publish",
        help="upload the validated graph to a triple store and verify it",
        description="Upload the validated graph (ontology and data) into a temporary graph of a SPARQL 1.1 store, "
        "through the Graph Store Protocol (or SPARQL Update where the store has none), in batches; check the "
        "triple count and checksum the store reports; then swap it into the target graph with one MOVE. Any "
        "failure before the swap leaves the target graph as it was. Publishing the same data again leaves the "
        "store as it is; a graph holding anything else is only overwritten with --replace. Credentials come "
        "from KGTOOL_ENDPOINT_USER and KGTOOL_ENDPOINT_PASSWORD (KGTOOL_ENDPOINT_AUTH=digest for Virtuoso), "
        "never from the URL.",
    )
    publish.add_argument("files", nargs="*", type=Path, help="extra Turtle files to publish with the graph")
    publish.add_argument("--endpoint", required=True, metavar="URL", help="the store's SPARQL query endpoint")
    publish.add_argument(
        "--store", metavar="URL", help="its Graph Store Protocol URL (default: .../store beside an endpoint .../query)"
    )
    publish.add_argument(
        "--update-endpoint",
        metavar="URL",
        help="its SPARQL update endpoint (default: .../update beside an endpoint .../query, else the endpoint)",
    )
    publish.add_argument(
        "--graph", metavar="IRI", help=f"the graph to publish into (default {DEFAULT_GRAPH}; 'default': default graph)"
    )
    publish.add_argument("--replace", action="store_true", help="swap the graph's content even if it holds other data")
    publish.add_argument("--force", action="store_true", help="publish even data that fails validation")
    publish.add_argument(
        "--timeout", type=seconds, default=DEFAULT_TIMEOUT, metavar="S", help="seconds per whole request (a deadline)"
    )
    publish.add_argument(
        "--batch-size", type=count, default=DEFAULT_BATCH_SIZE, metavar="N", help="triples per request (%(default)s)"
    )
    publish.set_defaults(handler=cmd_publish)

    serve = commands.add_parser(
        "serve",
        help="serve the site, a read-only SPARQL endpoint and the saved-query API (Ctrl-C stops it)",
        description="Serve, from one address: the static site (built into the cache unless --site names a built "
        "one), a SPARQL 1.1 query endpoint over the graph (/query, Oxigraph), a query page (/sparql.html) and the "
        "saved queries as an HTTP API (/api/queries, /api/openapi.json, /api/query/NAME). Updates and Graph "
        "Store writes answer 403 unless --writable. Ctrl-C stops everything it started.",
    )
    serve.add_argument("--port", type=count, default=DEFAULT_PORT, help="port to listen on (%(default)s)")
    serve.add_argument("--host", default=DEFAULT_HOST, help="address to listen on (%(default)s)")
    serve.add_argument("--location", type=Path, metavar="DIR", help="keep the store in this folder (default: memory)")
    serve.add_argument("--site", type=Path, metavar="DIR", help="serve this site, built by 'kgtool site -o DIR'")
    serve.add_argument("--no-site", action="store_true", help="serve the endpoint and the API only")
    serve.add_argument("--writable", action="store_true", help="accept SPARQL Update and Graph Store writes")
    serve.add_argument(
        "--query-timeout", type=seconds, default=30.0, metavar="S", help="stop a query after S seconds (%(default)s)"
    )
    serve.set_defaults(handler=cmd_serve)

    diff = commands.add_parser(
        "diff",
        help="what changed between two versions of the graph, entity by entity",
        description="Compare two versions of the graph, each a git ref (tag, branch, commit: its ontology/connelly.ttl "
        "and data/*.ttl), a folder (a checkout, or a folder of RDF files) or one RDF file. The facts added, removed "
        "and changed are grouped by entity with its label; new, deleted and renamed entities are named, and a "
        "deleted or renamed IRI is a breaking change unless the new version keeps it with dcterms:isReplacedBy. "
        "Blank nodes are compared by their content.",
    )
    diff.add_argument("old", metavar="OLD", help="the older version: a git ref, a folder or a file")
    diff.add_argument("new", metavar="NEW", help="the newer version: a git ref, a folder or a file")
    diff.add_argument("--format", choices=("text", "json", "markdown"), default="text", help="output format")
    diff.add_argument("-o", "--output", type=Path, help="write to this file (atomically) instead of stdout")
    diff.set_defaults(handler=cmd_diff)

    release = commands.add_parser(
        "release",
        help="write the release artefacts: dumps, dataset description, diff, SHA256SUMS",
        description="Write the release artefacts of the graph in use into DIR, each deterministic: the whole graph "
        "as Turtle, gzipped N-Triples and JSON-LD, the VoID/DCAT description with its version, the diff against "
        "the previous release (the latest git tag v* before this version, or --previous REF; none for the first "
        "release), and SHA256SUMS.",
    )
    release.add_argument("-o", "--output", type=Path, required=True, metavar="DIR", help="folder to write into")
    release.add_argument(
        "--previous", metavar="REF", help="the previous release to diff against (a git ref, folder or file)"
    )
    release.add_argument("--no-previous", action="store_true", help="write no diff (the first release)")
    release.set_defaults(handler=cmd_release)
    _add_reconcile(commands)
    return parser


class _VersionAction(argparse.Action):
    """``--version``: the package version and the graph in use, computed only when asked for."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, help: str | None = None) -> None:
        super().__init__(option_strings, dest, default=argparse.SUPPRESS, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        from kgtool.store.graph_info import version_text

        print(version_text())
        parser.exit()


def _add_reconcile(commands: Any) -> None:
    """The ``reconcile`` command's options."""
    reconcile = commands.add_parser(
        "reconcile",
        help="propose Wikidata QIDs for the entities without one, scored, for review",
        description="Look up the novels, TV series, films and people that have no Wikidata QID on a SPARQL endpoint "
        "with Wikidata's vocabulary (by label, class, year, author, occupation), score the candidates and print a "
        "review table. --write FILE writes the accepted links (the single best candidate at or above --min-score) "
        "as Turtle for a pull request, never into data/. Requests are batched, rate-limited and retried politely.",
    )
    reconcile.add_argument("files", nargs="*", type=Path, help="extra Turtle files to load with the graph")
    reconcile.add_argument(
        "--class",
        dest="kind",
        choices=("novel", "series", "film", "person", "all"),
        default="all",
        help="which entities to reconcile (default all)",
    )
    reconcile.add_argument("--format", "-f", choices=("table", "csv", "json"), default="table")
    reconcile.add_argument("--limit", type=count, default=3, metavar="N", help="candidates shown per entity (3)")
    reconcile.add_argument(
        "--min-score",
        type=int,
        default=DEFAULT_MIN_SCORE,
        metavar="S",
        help=f"the score (0-100) a link needs to be accepted ({DEFAULT_MIN_SCORE})",
    )
    reconcile.add_argument(
        "--endpoint", default=WIKIDATA_SPARQL, metavar="URL", help=f"SPARQL endpoint (default {WIKIDATA_SPARQL})"
    )
    reconcile.add_argument("--missing", action="store_true", help="also list the entities no candidate was found for")
    reconcile.add_argument("--write", type=Path, metavar="FILE", help="write the accepted links here, as Turtle")
    reconcile.add_argument(
        "--rate", type=seconds, default=DEFAULT_RATE, metavar="N", help=f"requests per second ({DEFAULT_RATE:g})"
    )
    reconcile.add_argument(
        "--batch-size", type=count, default=DEFAULT_BATCH, metavar="N", help=f"labels per request ({DEFAULT_BATCH})"
    )
    reconcile.add_argument("--timeout", type=seconds, default=DEFAULT_TIMEOUT, metavar="S", help="seconds per request")
    reconcile.add_argument(
        "--contact", default=PROJECT_URL, metavar="URL", help=f"contact URL sent in the User-Agent ({PROJECT_URL})"
    )
    reconcile.set_defaults(handler=cmd_reconcile)


def _add_report_options(command: argparse.ArgumentParser, more: tuple[str, ...] = ()) -> None:
    """The report options of ``validate`` and ``check`` (``more``: further formats)."""
    command.add_argument(
        "--format",
        choices=("text", "json", "github", "junit", *more),
        default="text",
        help="report format (default text; shacl: the W3C validation report graph, Turtle)",
    )
    command.add_argument("--strict", action="store_true", help="fail on warnings too")
    command.add_argument("-o", "--output", type=Path, help="write the report to this file (atomically), not stdout")


def cmd_validate(args: argparse.Namespace) -> int:
    """``kgtool validate``."""
    if args.shapes:
        if args.changed:
            raise UsageError("--shapes validates files on their own: it does not go with --changed")
        from kgtool.validate.standalone import validate_standalone

        return _write_report(validate_standalone(args.files, args.shapes), args)
    if args.changed:
        from kgtool.validate.delta import validate_changed

        report = validate_changed(args.changed, extra=args.files)
    else:
        from kgtool.store.dataset import find_root
        from kgtool.validate.engine import validate_files

        report = validate_files(find_root(), args.files)
    return _write_report(report, args)


def cmd_check(args: argparse.Namespace) -> int:
    """``kgtool check``."""
    from kgtool.validate.delta import check_files

    return _write_report(check_files(args.files), args)


def _write_report(report: Report, args: argparse.Namespace) -> int:
    """Write ``report`` in the format asked for; return the exit code."""
    from kgtool.output import write_output
    from kgtool.validate.report import render

    write_output(render(report, args.format, strict=args.strict), args.output, **_guard(args.output, args.files))
    return report.exit_code(args.strict)


def _guard(output: Path | None, extra: list[Path] | None = None) -> dict:
    """What ``-o`` must not write over (the graph's source files) and the project folder it may write in."""
    if output is None:
        return {}
    from kgtool.store.dataset import SHAPES_FILE, find_root, source_files

    root = find_root()
    return {"protected": [*source_files(root, extra), root / SHAPES_FILE], "root": root}


def cmd_query(args: argparse.Namespace) -> int:
    """``kgtool query``."""
    from kgtool.query.registry import find_query
    from kgtool.store.dataset import find_root

    if args.query is None:
        args.parser.print_help()
        return 0 if args.help else 2
    saved = find_query(find_root(), args.query)
    if args.help:
        print(saved.help())
        return 0
    from kgtool.query.results import render_result

    if args.endpoint and args.engine:
        raise UsageError("--engine chooses the local query engine: it does not go with --endpoint URL")
    if args.endpoint:
        from kgtool.query.endpoint import Endpoint, parse_graph
        from kgtool.query.endpoint import run_saved_query as run_remote

        endpoint = Endpoint(args.endpoint, graph=parse_graph(args.graph), timeout=args.timeout or DEFAULT_TIMEOUT)
        result = run_remote(saved, endpoint, parse_params(args.param), lang=args.lang)
    elif args.graph or args.timeout:
        raise UsageError("--graph and --timeout go with --endpoint URL")
    else:
        from kgtool.query.local import run_saved_query

        result = run_saved_query(
            saved, parse_params(args.param), lang=args.lang, engine=args.engine, allow_service=args.allow_service
        )
    print(render_result(result, args.format))
    return 0


def cmd_queries(args: argparse.Namespace) -> int:
    """``kgtool queries``."""
    from kgtool.query.registry import registry
    from kgtool.store.dataset import find_root

    saved = registry(find_root())
    width = max((len(name) for name in saved), default=0)
    for name, query in saved.items():
        params = ", ".join(p.describe() for p in query.parameters) or "no parameters"
        print(f"{name.ljust(width)}  {query.summary}\n{' ' * width}  parameters: {params}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """``kgtool export``."""
    from kgtool.export.document import ExportRequest, export_text
    from kgtool.output import check_output, write_output
    from kgtool.store.dataset import load_dataset

    guard = _guard(args.output)
    check_output(args.output, **guard)
    request = ExportRequest(args.format, args.frame, args.profile, args.entity, args.void, args.endpoint)
    write_output(export_text(load_dataset(), request), args.output, **guard)
    return 0


def cmd_diagram(args: argparse.Namespace) -> int:
    """``kgtool diagram``."""
    from kgtool.export.diagram import franchise, render
    from kgtool.output import check_output, write_output
    from kgtool.store.dataset import load_dataset

    guard = _guard(args.output)
    check_output(args.output, **guard)
    write_output(render(franchise(load_dataset().graph, args.characters), args.format), args.output, **guard)
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    """``kgtool publish``."""
    from kgtool.publish.graph_store import Store, publish_files
    from kgtool.query.endpoint import parse_graph
    from kgtool.store.dataset import find_root

    store = Store.at(args.endpoint, args.store, args.update_endpoint, parse_graph(args.graph), args.timeout)
    outcome = publish_files(find_root(), store, args.files, args.replace, args.force, args.batch_size)
    if outcome.violations:
        errors = f"{outcome.violations} validation error{'s' if outcome.violations != 1 else ''}"
        print(f"kgtool: warning: published despite {errors} (--force)", file=sys.stderr)
    print(outcome.describe())
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """``kgtool serve``."""
    from kgtool.publish.server import check_port_free, serve
    from kgtool.query.registry import registry
    from kgtool.store.dataset import load_dataset

    check_port_free(args.host, args.port)  # before the graph is loaded and the site built: a busy port fails at once
    site = None if args.no_site else args.site
    if site is not None and not (site / "index.html").is_file():
        raise UsageError(f"--site {site}: no index.html there; build it with 'kgtool site -o {site}'")
    dataset = load_dataset()
    if site is None and not args.no_site:
        from kgtool.site.build import build_site
        from kgtool.store.cache import cache_dir

        cache = cache_dir(dataset.root)
        site = (cache / "site") if cache is not None else Path(tempfile_dir()) / "site"
        print(f"building the site into {site}…", flush=True)
        build_site(dataset, site)
    return serve(
        dataset.graph,
        args.host,
        args.port,
        args.location,
        lambda line: print(line, flush=True),
        site=site,
        saved=registry(dataset.root),
        writable=args.writable,
        query_timeout=args.query_timeout,
    )


def tempfile_dir() -> str:
    """A temporary folder for a site built when the cache is off (removed by the system, not by kgtool)."""
    import tempfile

    return tempfile.mkdtemp(prefix="kgtool-site-")


def cmd_reconcile(args: argparse.Namespace) -> int:
    """``kgtool reconcile``."""
    from kgtool.output import check_output, write_output
    from kgtool.reconcile.entities import parse_kinds
    from kgtool.reconcile.lookup import Lookup
    from kgtool.reconcile.review import check_write_path, links_turtle, render
    from kgtool.reconcile.run import reconcile
    from kgtool.store.dataset import find_root, load_dataset

    if not 0 <= args.min_score <= 100:
        raise UsageError(f"--min-score {args.min_score}: expected a score from 0 to 100")
    if args.write is not None:
        check_write_path(args.write, find_root())
        check_output(args.write, **_guard(args.write))
    lookup = Lookup(args.endpoint, args.rate, args.batch_size, args.timeout, args.contact)
    outcome = reconcile(load_dataset(extra=args.files).graph, parse_kinds(args.kind), lookup, args.min_score)
    print(render(outcome.reviews, args.format, args.limit, args.missing))
    print(f"kgtool: {outcome.summary()}", file=sys.stderr)
    if args.write is not None:
        write_output(links_turtle(outcome.reviews, outcome.url, args.min_score), args.write, **_guard(args.write))
        accepted = sum(1 for r in outcome.reviews if r.accepted is not None)
        print(f"kgtool: wrote {accepted} accepted link{'s' if accepted != 1 else ''} to {args.write}", file=sys.stderr)
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    """``kgtool diff``."""
    from kgtool.output import check_output, write_output
    from kgtool.release.diff import diff_graphs
    from kgtool.release.diff_report import render_diff
    from kgtool.release.sources import load_version

    guard = _guard(args.output)
    check_output(args.output, **guard)
    old, new = load_version(args.old), load_version(args.new)
    report = render_diff(diff_graphs(old.graph, new.graph, args.old, args.new), args.format)
    write_output(report, args.output, **guard)
    return 0


def cmd_release(args: argparse.Namespace) -> int:
    """``kgtool release``."""
    from kgtool.release.artefacts import build_release

    if args.previous and args.no_previous:
        raise UsageError("--previous REF and --no-previous exclude each other")
    built = build_release(args.output, previous=args.previous, first=args.no_previous)
    for line in built.describe():
        print(line)
    return 0


def cmd_format(args: argparse.Namespace) -> int:
    """``kgtool format``."""
    from kgtool.store.dataset import DATA_DIR, load_dataset
    from kgtool.store.packaged import is_packaged
    from kgtool.style.formatter import format_data_files

    dataset = load_dataset()
    if not args.files and is_packaged(dataset.root):
        raise UsageError("kgtool format rewrites a checkout's data files: run it in a checkout (or name the FILES)")
    files = args.files or sorted((dataset.root / DATA_DIR).glob("*.ttl"))
    for path in files:
        if not path.is_file():
            raise UsageError(f"{path}: no such data file")
    changed = format_data_files(dataset.graph, files, check=args.check)
    if not args.files:
        changed += _refresh_void(dataset, check=args.check)
    for path in changed:
        print(f"{'would reformat' if args.check else 'reformatted'} {dataset.relative(path)}")
    return 1 if args.check and changed else 0


def _refresh_void(dataset: Dataset, check: bool) -> list[Path]:
    """``void.ttl``, the dataset description computed from the data, rewritten when the data changed it."""
    from kgtool.export.document import ExportRequest, export_text
    from kgtool.output import write_output

    path = dataset.root / "void.ttl"
    text = export_text(dataset, ExportRequest(void=True))
    text = text if text.endswith("\n") else text + "\n"
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return []
    if not check:
        write_output(text, path)
    return [path]


def cmd_site(args: argparse.Namespace) -> int:
    """``kgtool site``."""
    from kgtool.site.build import DEFAULT_BASE_URL, build_site, previous_build
    from kgtool.store.dataset import load_dataset

    base_url = args.base_url or DEFAULT_BASE_URL
    if not base_url.startswith(("http://", "https://")):
        raise UsageError(f"--base-url {base_url!r}: expected an http(s) URL")
    previous_build(args.output)  # a folder that is not a site is refused before the graph is loaded
    print(build_site(load_dataset(), args.output, base_url).describe(args.output))
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    """``kgtool stats``."""
    from kgtool.export.stats import compute_stats
    from kgtool.store.dataset import load_dataset

    print(compute_stats(load_dataset().graph).render())
    return 0


def seconds(text: str) -> float:
    """A ``--timeout`` value: a positive number of seconds."""
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not (value > 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, not {text!r}")
    return value


def count(text: str) -> int:
    """A ``--port`` or ``--batch-size`` value: a positive whole number."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, not {text!r}")
    return int(text)


def parse_params(values: list[str]) -> dict[str, str]:
    """``["series=Ballard"]`` → ``{"series": "Ballard"}``, the value exactly as given (tabs, quotes and
    backslashes kept); a value without '=' and a parameter given twice are usage errors."""
    params: dict[str, str] = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--param {item!r}: expected KEY=VALUE, for example --param series=Ballard")
        if key.strip() in params:
            raise UsageError(f"--param {key.strip()} is given twice: give each parameter once")
        params[key.strip()] = value
    return params


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    # rdflib logs a traceback for each ill-typed literal it reads ("aldi"^^xsd:integer): that is a finding of
    # validation (sh:datatype), reported as such, never a traceback on the terminal
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    previous = _on_sigterm()
    remote = os.environ.get(ALLOW_REMOTE_CONTEXTS)
    if args.allow_remote_contexts:
        os.environ[ALLOW_REMOTE_CONTEXTS] = "1"
    try:
        return args.handler(args)
    except KgError as exc:
        print(f"kgtool: error: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("kgtool: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        if args.allow_remote_contexts:
            os.environ.pop(ALLOW_REMOTE_CONTEXTS, None)
            if remote is not None:
                os.environ[ALLOW_REMOTE_CONTEXTS] = remote


def _on_sigterm():
    """Make SIGTERM unwind like Ctrl-C (so temporary files are removed); return the handler it replaces."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        return None

    def stop(signum, frame):  # noqa: ARG001 (the signal module's signature)
        raise SystemExit(128 + signum)

    return signal.signal(signal.SIGTERM, stop)


if __name__ == "__main__":
    sys.exit(main())
