"""Changing a model through its validation: the one way user input meets a model.

``model_copy(update=…)`` skips validation, so a 101-character order number or a 101st scan
went into a model, was written, and then refused by the read path: an inspection that no
longer opened, settings that stopped the app. ``revalidate`` builds the changed model
through ``model_validate``, so a change is refused (``ValidationError``, whose errors the
catalogs translate, see ``i18n.errors``) before anything is written.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter

M = TypeVar("M", bound=BaseModel)
D = TypeVar("D")  # plain data: what a model dumps

#: dumps model instances among the changes to plain data, so they are validated too (an instance
#: passed as is would be accepted unchecked, however it was made)
_PLAIN: TypeAdapter[Any] = TypeAdapter(Any)


def revalidate(model: M, **changes: Any) -> M:
    """``model`` with ``changes``, validated as a whole (``ValidationError`` names the field and the rule)."""
    return type(model).model_validate({**model.model_dump(), **_PLAIN.dump_python(changes)})


def readable(model: type[BaseModel] | TypeAdapter[Any], data: D) -> D:
    """``data``, about to be written, checked as a store's read path checks it: a model made without validation
    (``model_copy``, ``model_construct``) is refused (``ValidationError``) before anything is written, instead of
    leaving a file or a row the store then cannot read."""
    model.validate_python(data) if isinstance(model, TypeAdapter) else model.model_validate(data)
    return data


def max_length(model: type[BaseModel], field: str) -> int | None:
    """The most characters (or items) ``model`` keeps in ``field``: an input that edits it takes no more."""
    limits = [getattr(rule, "max_length", None) for rule in model.model_fields[field].metadata]
    return min((n for n in limits if n is not None), default=None)
