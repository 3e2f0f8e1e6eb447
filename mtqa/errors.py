"""The one exception type a user can meet; the CLI turns it into a message and an exit code."""


class MtqaError(Exception):
    """A problem the user can fix: bad input, bad configuration, a missing backend."""
