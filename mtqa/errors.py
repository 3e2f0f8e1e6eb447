"""The one exception type a user can meet; the CLI turns it into a message and an exit code."""


class MtqaError(Exception):
    """A problem the user can fix: bad input, bad configuration, a missing backend."""


class DocumentError(MtqaError):
    """A problem with one document (too long, say): a batch reports it for that document and goes on."""
