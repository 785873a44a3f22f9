"""The one exception type every screen and command turns into a plain message.

It lives here, below every layer, so the database layer can raise it for the environment's
faults (disk full, read-only file, server unreachable) without importing the services."""


class ServiceError(Exception):
    """A problem the user can act on; the message says what happened and what to do."""
