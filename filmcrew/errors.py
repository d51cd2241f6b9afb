"""filmcrew's user-facing errors. Only the CLI turns them into exit codes."""


class FilmcrewError(Exception):
    """A run could not go on; the message says why and what to do."""

    exit_code = 1


class UsageError(FilmcrewError):
    """A bad option or argument; the message names it."""

    exit_code = 2


class BudgetError(FilmcrewError):
    """The run stopped before a model call could take it over ``--budget-usd``; a higher budget resumes it."""

    exit_code = 3
