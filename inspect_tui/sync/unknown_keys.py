"""Keys a bundle element has that its model does not know, found before the model validates it.

pydantic reports every unknown key of an ``extra="forbid"`` model as an error of its own and
builds all of them: one object with 4,000,000 unknown keys took 52 s and 4.5 GB. Here they are
counted along the model's fields at the cost of the model's keys, the first few named, and the
element is refused without being validated.
"""

from __future__ import annotations

import types
from functools import cache
from itertools import islice
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import AliasChoices, BaseModel

Loc = tuple[int | str, ...]


def unknown_keys(model: type[BaseModel], value: Any, named: int) -> tuple[list[Loc], int]:
    """The locations of the first ``named`` unknown keys in ``value`` read as ``model``, and how many there are."""
    found: list[Loc] = []
    count = 0
    todo: list[tuple[Any, Any, Loc]] = [(model, value, ())]
    while todo:
        annotation, data, loc = todo.pop()
        annotation = _bare(annotation)
        origin = get_origin(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if not isinstance(data, dict) or _reshapes(annotation):
                continue
            known = _keys(annotation)
            if annotation.model_config.get("extra") == "forbid":
                # the work is the model's few keys, not the object's millions: a view's intersection
                # walks the smaller side, and only the first unknown keys are looked for (in file order)
                unknown = len(data) - len(data.keys() & known)
                count += unknown
                if unknown:
                    found.extend((*loc, key) for key in islice((k for k in data if k not in known), max(named - len(found), 0)))
            fields = annotation.model_fields
            todo.extend((fields[name].annotation, data[name], (*loc, name)) for name in data.keys() & fields.keys())
        elif origin in (list, tuple, set, frozenset) and isinstance(data, list) and _holds_models(annotation):
            (inner, *_) = get_args(annotation) or (Any,)
            todo.extend((inner, item, (*loc, n)) for n, item in enumerate(data))
        elif origin is dict and isinstance(data, dict) and _holds_models(annotation):
            inner = get_args(annotation)[1]
            todo.extend((inner, item, (*loc, key)) for key, item in data.items())
    return found, count


def _bare(annotation: Any) -> Any:
    """The annotation without ``Annotated`` and, for ``X | None``, without the None."""
    if get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) in (Union, types.UnionType):
        members = [a for a in get_args(annotation) if a is not type(None)]
        if len(members) == 1:  # with two models a key of one is unknown to the other: leave it to pydantic
            return _bare(members[0])
    return annotation


@cache
def _keys(model: type[BaseModel]) -> frozenset[str]:
    """Every key ``model`` accepts: field names, aliases and each of their alias choices."""
    keys = set(model.model_fields)
    for field in model.model_fields.values():
        keys.update(a for a in (field.alias, field.validation_alias) if isinstance(a, str))
        if isinstance(field.validation_alias, AliasChoices):
            keys.update(c for c in field.validation_alias.choices if isinstance(c, str))
    return frozenset(keys)


@cache
def _reshapes(model: type[BaseModel]) -> bool:
    """Whether a validator sees the raw input first (it may rename keys): such a model is left to pydantic."""
    return any(d.info.mode in ("before", "wrap") for d in model.__pydantic_decorators__.model_validators.values())


@cache
def _holds_models(annotation: Any) -> bool:
    """Whether a container annotation has a model somewhere inside (lists of text are not walked)."""
    bare = _bare(annotation)
    if isinstance(bare, type) and issubclass(bare, BaseModel):
        return True
    return any(_holds_models(arg) for arg in get_args(bare) if arg is not Ellipsis)
