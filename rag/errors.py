"""The errors a user can act on. Each message says what went wrong and what to do."""


class RagError(Exception):
    """Base class: the message is shown to the user as it is."""

    exit_code = 1


class ConfigError(RagError):
    """A setting has a value that cannot be used."""


class CorpusError(RagError):
    """A corpus or source file cannot be read; the message names the file."""


class StoreError(RagError):
    """The vector store cannot be opened or written."""


class QuestionError(RagError):
    """The question cannot be answered as given (empty, for instance)."""

    exit_code = 2
