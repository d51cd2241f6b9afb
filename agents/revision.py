"""Revisions of a cut film: what a chat session calls to read, apply, describe and route them.

A user, after a cut, types a revision: a command (``/shot 3 size=CU``, ``/scene 2 cut``,
``/aspect 9:16``, see `GRAMMAR`) or words. The session reads a command with `parse_command`, gets the
state values that carry it out from `apply_revision`, writes them with
``graph.update_state(config, values, as_node=RESUME_AFTER[revision.stage])`` and goes on with
``graph.invoke(None, config)``: everything upstream of the stage is kept, and the content-addressed
shot cache makes every unchanged shot free. `describe` tells the revision in one line; `route_words`
tells which stage plain words concern when no model is configured.

Modules: ``revision_grammar`` (the commands and their rules), ``revision_parse`` (reading typed
commands), ``revision_apply`` (the shots and output stages, and the
dispatch), ``revision_script``, ``revision_edit``, ``revision_state`` (reading the state),
``revision_describe``, ``revision_words``.
"""

from __future__ import annotations

from agents.errors import RevisionError
from agents.revision_apply import apply_revision
from agents.revision_describe import describe
from agents.revision_grammar import (
    ACTIONS,
    ASPECTS,
    GRAMMAR,
    RESUME_AFTER,
    Revision,
    check_revision,
    check_value,
)
from agents.revision_parse import is_command, is_help, parse_command
from agents.revision_words import STAGES, Stage, route_words

__all__ = [
    "ACTIONS",
    "ASPECTS",
    "GRAMMAR",
    "RESUME_AFTER",
    "STAGES",
    "Revision",
    "RevisionError",
    "Stage",
    "apply_revision",
    "check_revision",
    "check_value",
    "describe",
    "is_command",
    "is_help",
    "parse_command",
    "route_words",
]
