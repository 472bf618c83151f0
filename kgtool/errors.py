"""The errors kgtool reports to users: a message and the exit code the CLI returns."""

from pathlib import Path


class KgError(Exception):
    """An error the user can act on; ``exit_code`` is what the CLI exits with."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InputError(KgError):
    """Unreadable input: a Turtle or SPARQL syntax error, a missing file (exit 2)."""


class UsageError(KgError):
    """A command used wrongly: unknown query, bad parameter, unsupported format (exit 2)."""


class EndpointError(KgError):
    """A SPARQL endpoint or graph store that cannot be reached or refuses a request (exit 2).

    ``status`` is the HTTP status code when the server answered with one.
    """

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


def read_text(path: Path, shown: object = None, what: str = "file") -> str:
    """The UTF-8 text of ``path``, or an :class:`InputError` naming it (``shown`` if given) and the reason."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{shown or path}: no such {what}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{shown or path}: cannot read: {exc}") from None
