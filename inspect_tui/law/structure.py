"""Whether a parsed or stored text has the shape of Law 1700-VII, before it may become the text in force.

The parser proves a text reads like the Law; this proves it is the whole Law, so that a fragment,
another act quoting it, or a stored file edited by hand is never what the checklist screen quotes:

* every article of the shipped consolidated text is there, in the Law's order, none twice (a later
  редакція may add articles such as «13-2», and a repealed one keeps its number);
* the final and transitional provisions (розд. XIII) are there with their пункти;
* the редакція is not after today: a text dated in the future would outrank every real update.
"""

from __future__ import annotations

from datetime import date

from inspect_tui.domain.checklist import MAIN_LAW
from inspect_tui.i18n import t
from inspect_tui.law.model import Kind, LawText
from inspect_tui.law.parse import LAW_NAME, LawParseError, order

#: articles named in a refusal at most (the rest are counted)
_SHOWN = 10


def check_structure(law: LawText, shipped: LawText, *, today: date) -> None:
    """Refuse ``law`` (``LawParseError``) unless it has the Law's articles, its розд. XIII and a past редакція."""
    if law.law != MAIN_LAW or law.title != LAW_NAME:
        raise LawParseError(t("law.place_file"), t("law.other_act", law=law.law, title=law.title))
    if law.edition > today:
        raise LawParseError(
            t("law.place_file"), t("law.future_edition", edition=law.edition.strftime("%d.%m.%Y"), today=today.strftime("%d.%m.%Y"))
        )
    for previous, article in zip(law.articles, law.articles[1:], strict=False):
        if order(article.number) <= order(previous.number):
            raise LawParseError(
                t("law.place_article", number=article.number), t("law.article_repeated", previous=previous.number, found=article.number)
            )
    present = set(law.by_number)
    missing = [a.number for a in shipped.articles if a.number not in present]
    if missing:
        shown = ", ".join(missing[:_SHOWN]) + (t("law.and_more", count=len(missing) - _SHOWN) if len(missing) > _SHOWN else "")
        raise LawParseError(t("law.place_file"), t("law.articles_missing", count=len(missing), numbers=shown, total=len(shipped.articles)))
    if law.final is None or not any(unit.kind is Kind.PART for unit in law.final.children):
        raise LawParseError(t("law.place_file"), t("law.no_final"))
