"""The errors kgtool reports to users: a message and the exit code the CLI returns."""


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
