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
