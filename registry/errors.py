"""The one base class of the registry's own errors: bad input, told in a message meant for a reader.

Every error the registry raises on purpose derives from ``RegistryError``, so a caller (the CLI's
error boundary, the dashboard) can tell "the input is wrong, here is why" from a bug.
"""


class RegistryError(Exception):
    """Bad input or a refused operation; ``str(error)`` says what and where (file, row, column)."""
