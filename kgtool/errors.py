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


BOM = b"\xef\xbb\xbf"


def read_text(path: Path, shown: object = None, what: str = "file") -> str:
    """The UTF-8 text of ``path`` (a leading byte-order mark dropped), or an :class:`InputError` naming it
    (``shown`` if given), the line of a byte that is not UTF-8, and the reason."""
    shown = shown or path
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{shown}: no such {what}") from None
    except IsADirectoryError:
        raise InputError(f"{shown}: is a folder, not a {what}") from None
    except OSError as exc:
        raise InputError(f"{shown}: cannot read: {exc.strerror or exc}") from None
    return decode_utf8(data, shown)


def decode_utf8(data: bytes, shown: object) -> str:
    """``data`` as UTF-8 text without its byte-order mark; an :class:`InputError` at the line of a bad byte."""
    if data.startswith(BOM):
        data = data[len(BOM) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"{shown}:{line}: not UTF-8 text (byte 0x{data[exc.start]:02x}); kgtool reads UTF-8 files only"
        ) from None
