"""The certificate's content as reportlab flowables, in the order of a Ukrainian довідка.

Every user string goes through ``Writer.esc`` (see ``text.markup``) before it
becomes paragraph markup; phrases of the document come from the Ukrainian
catalog (``facts.doc_text``) and never carry markup characters of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.graphics.barcode.qr import QrCode
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, HRFlowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from inspect_tui.certificate import facts
from inspect_tui.certificate.conclusion import scope
from inspect_tui.certificate.facts import EvidenceReader, Row, doc_text, fmt_date
from inspect_tui.certificate.fonts import FontSet
from inspect_tui.certificate.stamp import Stamp
from inspect_tui.certificate.text import markup
from inspect_tui.checklist_text import refs_text
from inspect_tui.domain.inspection import Answer, Inspection
from inspect_tui.domain.settings import Settings
from inspect_tui.domain.text import Person, guillemets

_RULE = colors.Color(0.55, 0.55, 0.55)
_HEAD_FILL = colors.Color(0.91, 0.91, 0.91)
_MUTED = colors.Color(0.3, 0.3, 0.3)
_TALL_CHARS = 800  # a narrow 9 pt column holds about 1,300 characters per page


def _tall(*texts: str) -> bool:
    """Whether a row holding these texts might not fit on one page (then it must split inside)."""
    return sum(len(t) for t in texts) > _TALL_CHARS


_ROW_LIMIT = 350.0  # points: a row estimated taller than half a page must be allowed to split inside
_GLYPH = 5.5  # points: a generous average glyph width at 9 pt, so the estimate errs on the tall side


def _outgrows_page(data: list[list[Any]], widths: list[float]) -> bool:
    """Whether some cell might not fit on a page (a long section title or reference, a long
    unbroken word, many evidence files): reportlab fails on such a row unless rows may split."""
    for row in data:
        for cell, width in zip(row, widths, strict=False):  # a spanned row may list fewer cells
            text = cell.text if isinstance(cell, Paragraph) else str(cell)
            lines = len(text) * _GLYPH / max(width - 6, 1) + text.count("<br/>")
            if lines * 11 > _ROW_LIMIT:
                return True
    return False


class Styles:
    """Paragraph styles of the document: 11 pt serif body, 9 pt tables, 8 pt compact lists."""

    def __init__(self, fonts: FontSet) -> None:
        base = ParagraphStyle("body", fontName=fonts.regular, fontSize=11, leading=14, alignment=TA_JUSTIFY)
        self.body = base
        self.council = ParagraphStyle("council", base, fontName=fonts.bold, fontSize=12, leading=15, alignment=TA_CENTER)
        self.unit = ParagraphStyle("unit", base, alignment=TA_CENTER)
        self.title = ParagraphStyle("title", base, fontName=fonts.bold, fontSize=15, leading=19, alignment=TA_CENTER, spaceBefore=14)
        self.subtitle = ParagraphStyle("subtitle", base, fontName=fonts.bold, fontSize=11.5, leading=14.5, alignment=TA_CENTER)
        self.heading = ParagraphStyle(
            "heading", base, fontName=fonts.bold, fontSize=11, leading=14, alignment=TA_LEFT, spaceBefore=9, spaceAfter=4
        )
        self.left = ParagraphStyle("left", base, alignment=TA_LEFT)
        self.right = ParagraphStyle("right", base, alignment=TA_RIGHT)
        self.center = ParagraphStyle("center", base, alignment=TA_CENTER)
        self.cell = ParagraphStyle("cell", base, fontSize=9, leading=11, alignment=TA_LEFT)
        self.cell_bold = ParagraphStyle("cell_bold", self.cell, fontName=fonts.bold)
        self.count_head = ParagraphStyle("count_head", self.cell_bold, fontSize=7.5, leading=9, alignment=TA_CENTER)
        self.compact = ParagraphStyle("compact", self.cell, fontSize=8.5, leading=10)
        self.hint = ParagraphStyle("hint", base, fontSize=7.5, leading=9, alignment=TA_CENTER, textColor=_MUTED)
        self.mono = ParagraphStyle("mono", self.cell, fontSize=7.5, leading=9.5)
        self.hash = ParagraphStyle("hash", self.cell, fontName=fonts.bold)
        self.date = ParagraphStyle("date", self.left, fontSize=9)
        self.box_title = ParagraphStyle("box_title", self.cell_bold, fontSize=10)


@dataclass
class Writer:
    """Builds the story of one certificate."""

    inspection: Inspection
    settings: Settings
    fonts: FontSet
    width: float
    read_evidence: EvidenceReader | None = None

    def __post_init__(self) -> None:
        self.s = Styles(self.fonts)
        self.rows = facts.rows(self.inspection)
        so = self.inspection.signoff
        # a signed certificate says what was signed; a draft, what the settings say now
        self.issuer = so.issuer if so is not None and so.issuer is not None else self.settings.issuer()

    # --- helpers ---------------------------------------------------------------------------------

    def esc(self, text: str) -> str:
        return markup(text, self.fonts.covered)

    def para(self, text: str, style: ParagraphStyle) -> Paragraph:
        """A paragraph of plain (user or catalog) text, escaped."""
        return Paragraph(self.esc(text), style)

    def table(
        self,
        data: list[list[Any]],
        widths: list[float],
        *,
        header: bool = True,
        extra: list | None = None,
        tall_rows: bool = False,
        size: float = 9,
    ) -> Table:
        """A ruled table that splits across pages and repeats its header.

        ``tall_rows``: some row may be taller than a page, so rows may split inside too
        (reportlab's ``splitInRow``, which costs time on every split, so only where needed).
        Cells may be plain strings (numbers, dates: cheaper than paragraphs), set in ``size`` points.
        """
        style = [
            ("GRID", (0, 0), (-1, -1), 0.4, _RULE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("FONTSIZE", (0, 0), (-1, -1), size),
        ]
        if header:
            style += [("BACKGROUND", (0, 0), (-1, 0), _HEAD_FILL), ("VALIGN", (0, 0), (-1, 0), "MIDDLE")]
        tall_rows = tall_rows or _outgrows_page(data, widths)
        return self.layout(data, widths, style + (extra or []), repeatRows=1 if header else 0, splitInRow=int(tall_rows))

    def layout(self, data: list[list[Any]], widths: list[float], commands: list[tuple], **options: Any) -> Table:
        """Any table of this document: in its font (reportlab would otherwise select Helvetica)."""
        style = TableStyle([("FONTNAME", (0, 0), (-1, -1), self.fonts.regular), *commands])
        return Table(data, colWidths=widths, style=style, **options)

    def heads(self, *keys: str) -> list[Flowable]:
        return [self.para(doc_text(key), self.s.cell_bold) for key in keys]

    def cols(self, *fractions: float) -> list[float]:
        return [self.width * f for f in fractions]

    def heading(self, key: str, keep: float = 30 * mm) -> list[Flowable]:
        # keep a heading with at least ``keep`` of what follows it (a few lines)
        return [CondPageBreak(keep), self.para(doc_text(key), self.s.heading)]

    # --- the document ----------------------------------------------------------------------------

    def story(self) -> list[Flowable]:
        return [
            *self.header(),
            *self.basis(),
            *self.entity(),
            *self.period(),
            *self.inspectors(),
            *self.results(),
            *self.violations(),
            *self.shortcomings(),
            *self.compliant(),
            *self.not_applicable(),
            *self.evidence(),
            *self.conclusion(),
            *self.signatures(),
            *self.integrity(),
        ]

    def header(self) -> list[Flowable]:
        ins, st, issuer = self.inspection, self.settings, self.issuer
        out: list[Flowable] = []
        if issuer.council_name.strip():
            out.append(self.para(issuer.council_name.upper(), self.s.council))
        if issuer.unit_name.strip():
            out.append(self.para(issuer.unit_name, self.s.unit))
        if out:
            out.append(HRFlowable(width="100%", thickness=1.2, color=colors.black, spaceBefore=3, spaceAfter=0))
        out += [
            self.para(doc_text("title"), self.s.title),
            Paragraph(self.esc(doc_text("subtitle")) + "<br/>" + self.esc(guillemets(ins.enterprise.name)), self.s.subtitle),
            Spacer(1, 10),
        ]
        place = ins.place or st.place
        line = self.layout(
            [[
                self.para(fmt_date(facts.certificate_date(ins)), self.s.left),
                self.para(place, self.s.center),
                self.para(doc_text("number", number=ins.number), self.s.right),
            ]],
            self.cols(0.3, 0.4, 0.3),
            [("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)],
        )
        return out + [line, Spacer(1, 4)]

    def basis(self) -> list[Flowable]:
        ins = self.inspection
        kind = doc_text("planned" if ins.basis.planned else "unplanned")
        checklist = ins.checklist
        b = ins.basis
        if b.act.strip():
            title = doc_text("basis_title", title=b.title.strip()) if b.title.strip() else ""
            order = doc_text("basis_act", act=facts.upper_first(b.act.strip()), date=fmt_date(b.order_date), number=b.order_number, title=title, kind=kind)
        else:  # inspections created before the act's issuer was asked for
            order = doc_text("basis", date=fmt_date(b.order_date), number=b.order_number, kind=kind)
        acts = [doc_text("basis_law")] + [a.strip() for a in (self.issuer.unit_regulation, self.issuer.inspection_procedure) if a.strip()]
        about = doc_text("checklist", title=checklist.title.uk, version=checklist.version, basis=checklist.legal_basis.uk)
        editions = checklist.reviewed_editions()  # none in checklists pinned before reviews were recorded: nothing printed
        if editions:
            about += " " + doc_text("checklist_law", editions=", ".join(fmt_date(d) for d in editions))
        power = b.company_power.strip().rstrip(".")
        follow_up = ins.follows_up_of
        return [
            *self.heading("basis_heading"),
            self.para(order, self.s.body),
            *([self.para(doc_text("basis_plan", plan=plan), self.s.body)] if (plan := b.plan_basis.strip().rstrip(".")) else []),
            *([self.para(doc_text("basis_company_power", power=power), self.s.body)] if power else []),
            *([self.para(facts.follow_up_text(follow_up.number, follow_up.signed_on), self.s.body)] if follow_up else []),
            *([self.para(outcome, self.s.body)] if (outcome := facts.follow_up_outcome(ins)) else []),
            self.para(doc_text("legal_acts", list="; ".join(acts)), self.s.body),
            self.para(about, self.s.body),
        ]

    def entity(self) -> list[Flowable]:
        e = self.inspection.enterprise
        missing = doc_text("not_given")
        head = ", ".join(part for part in (e.head_position, e.head_name) if part.strip()) or missing
        facts_ = [
            ("full_name", guillemets(e.name)),
            ("short_name", guillemets(e.short_name)),
            ("legal_form", e.legal_form or missing),  # an inspection's enterprise has every fact (``missing_facts``)
            ("edrpou", e.edrpou),
            ("address", e.address or missing),
            ("head", head),
            ("sector", doc_text(f"sectors.{e.sector.value}") if e.sector else missing),
            ("headcount", doc_text("headcount_value", count=e.headcount, year=e.reporting_year)),
            ("revenue", missing if e.gross_revenue_uah is None else doc_text("revenue_value", amount=facts.fmt_amount(e.gross_revenue_uah), year=e.reporting_year)),
            ("responsible", e.responsible_person or missing),
        ]
        data = [[self.para(doc_text(key), self.s.cell), self.para(value, self.s.cell_bold if key == "edrpou" else self.s.cell)] for key, value in facts_]
        return [*self.heading("entity_heading"), self.table(data, self.cols(0.34, 0.66), header=False)]

    def period(self) -> list[Flowable]:
        ins = self.inspection
        if ins.end_date is None:  # a draft: the end is not set yet
            dates = doc_text("dates_started", start=fmt_date(ins.start_date))
        elif ins.start_date == ins.end_date:
            dates = doc_text("dates_one", date=fmt_date(ins.start_date))
        else:
            dates = doc_text("dates_range", start=fmt_date(ins.start_date), end=fmt_date(ins.end_date))
        return [
            *self.heading("period_heading"),
            self.para(doc_text("period", start=fmt_date(ins.period_from), end=fmt_date(ins.period_to)) + " " + dates, self.s.body),
        ]

    def inspectors(self) -> list[Flowable]:
        lines = [self.para(f"{n}) {p.position} — {p.name}", self.s.left) for n, p in enumerate(self.inspection.inspectors, 1)]
        return [*self.heading("inspectors_heading"), *lines]

    def results(self) -> list[Flowable]:
        ins = self.inspection
        answers = [row.answer for row in facts.result_columns(ins.counts())]
        header = [self.para(doc_text("section"), self.s.cell_bold)]
        header += [self.para(facts.answer_label(a), self.s.count_head) for a in answers]
        header.append(self.para(doc_text("total"), self.s.count_head))
        data = [header]
        for n, (title, counts) in zip(ins.checklist.section_numbers(), facts.section_counts(ins), strict=True):
            data.append(
                [self.para(f"{n}. {title}", self.s.cell)]
                + [str(counts[a]) for a in answers]
                + [str(sum(counts.values()))]
            )
        totals = ins.counts()
        data.append(
            [self.para(doc_text("total"), self.s.cell_bold)]
            + [str(totals[a]) for a in answers]
            + [str(len(ins.findings))]
        )
        share = 0.13  # of the width, for each count column
        widths = self.cols(1 - share * (len(answers) + 1), *([share] * (len(answers) + 1)))
        extra = [("BACKGROUND", (0, -1), (-1, -1), _HEAD_FILL), ("ALIGN", (1, 1), (-1, -1), "CENTER")]
        return [*self.heading("results_heading"), self.table(data, widths, extra=extra)]

    def violations(self) -> list[Flowable]:
        """Breaches of the Law: the entity's («порушено вимоги …») and signs of officials' («ознаки порушення …»)."""
        entity = [r for r in self.rows if r.is_violation]
        signs = [r for r in self.rows if r.is_signs]
        out = self.heading("violations_heading")
        if not entity and not signs:
            return out + [self.para(doc_text("no_violations", scope=scope(self.inspection)), self.s.body)]
        heads = self.heads("col_no", "col_requirement", "col_found", "col_recommendation", "col_deadline")
        if entity:
            out += [self.para(doc_text("violations_entity"), self.s.heading)]
            out.append(self._findings_table(entity, heads, lambda row: doc_text("breach", refs=refs_text(row.item.refs, "uk"))))
        if signs:
            out += [CondPageBreak(90 * mm), self.para(doc_text("violations_signs"), self.s.heading)]  # with its first row
            out += [self.para(doc_text("signs_intro"), self.s.body), Spacer(1, 4)]
            # signs are answered by measures (a conflict settled, liability considered), not remedied by the entity
            response = self.heads("col_no", "col_requirement", "col_found", "col_response", "col_response_deadline")
            out.append(self._findings_table(signs, response, self._signs_norm, first=len(entity) + 1))
        return out

    def _signs_norm(self, row: Row) -> str:
        """«виявлено ознаки порушення вимог …», and for an official's duty the 24-hour notice (ч. 6 ст. 53):
        sent (when, number), not sent (why), or, in inspections signed before a reason was asked, unknown."""
        signs = doc_text("signs", refs=refs_text(row.item.refs, "uk"))
        if not row.item.needs_notice:  # the authorised officer's own duty: not a corruption offence to notify
            return signs
        f = row.finding
        if f.notice_sent_on is not None:
            number = doc_text("notice_number", number=f.notice_number.strip()) if f.notice_number.strip() else ""
            notice = doc_text("notice_sent", date=fmt_date(f.notice_sent_on), number=number)
        elif f.notice_reason.strip():
            notice = doc_text("notice_not_sent", reason=f.notice_reason.strip().rstrip("."))
        else:
            notice = doc_text("notice_unknown")
        return signs + ". " + notice

    def shortcomings(self) -> list[Flowable]:
        """«Ні» on practice or a permissive norm: recommendations, numbered apart and never «порушено»."""
        found = [r for r in self.rows if r.is_shortcoming]
        if not found:
            return [*self.heading("shortcomings_heading"), self.para(doc_text("no_shortcomings"), self.s.body)]
        heads = self.heads("col_no", "col_matter", "col_found", "col_advice", "col_advice_deadline")
        table = self._findings_table(found, heads, self._shortcoming_basis)
        intro = self.para(doc_text("shortcomings_intro"), self.s.body)
        # the explanation must not end a page apart from the table it explains
        return [*self.heading("shortcomings_heading", keep=65 * mm), intro, Spacer(1, 4), table]

    @staticmethod
    def _shortcoming_basis(row: Row) -> str:
        refs = refs_text(row.item.refs, "uk")
        if row.is_law:  # a duty of the Law, but its rule says it does not bind this entity; answered anyway
            return doc_text("basis_excluded", refs=refs, reason=row.finding.override_reason.strip())
        return doc_text(f"basis_{row.item.basis.value}", refs=refs)

    def _findings_table(self, found: list[Row], heads: list[Flowable], norm: Callable[[Row], str], *, first: int = 1) -> Table:
        """One numbered row per «Ні»: the question with ``norm(row)``, what was found, recommendation, deadline."""
        data: list[list[Flowable | str]] = [heads]
        for n, row in enumerate(found, start=first):
            f = row.finding
            requirement = (
                f"<b>{self.esc(row.number)}.</b> {self.esc(row.item.question.uk)}<br/>"
                f"<b>{self.esc(norm(row))}</b>"
            )
            found_text = self.esc(f.note)
            if f.documents:
                found_text += "<br/>" + self.esc(doc_text("documents", list="; ".join(f.documents)))
            if f.evidence:
                found_text += "<br/>" + self.esc(doc_text("evidence_ref", list="; ".join(e.filename for e in f.evidence)))
            data.append([
                str(n),
                Paragraph(requirement, self.s.cell),
                Paragraph(found_text, self.s.cell),
                self.para(f.recommendation, self.s.cell),
                fmt_date(f.deadline) if f.deadline else "—",
            ])
        widths = self.cols(0.06, 0.28, 0.32, 0.22, 0.12)
        centred = [("ALIGN", (0, 1), (0, -1), "CENTER"), ("ALIGN", (4, 1), (4, -1), "CENTER")]
        tall = any(_tall(r.finding.note, r.finding.recommendation, *r.finding.documents, r.item.question.uk) for r in found)
        return self.table(data, widths, extra=centred, tall_rows=tall)

    def _item_table(self, rows: list[Row], reason: bool) -> Flowable:
        """Compact list of items: number, requirement with its norm (and the answer with its reason)."""
        if not rows:
            return self.para(doc_text("none"), self.s.body)
        keys = ["col_no", "col_requirement"] + (["col_answer"] if reason else [])
        data: list[list[Flowable | str]] = [[self.para(doc_text(k), self.s.compact) for k in keys]]
        for row in rows:
            cells: list[Flowable | str] = [
                row.number,
                Paragraph(
                    f"{self.esc(row.item.question.uk)} <font color='#555555'>({self.esc(refs_text(row.item.refs, 'uk'))})</font>",
                    self.s.compact,
                ),
            ]
            if reason:
                text = facts.answer_label(row.finding.answer)
                if row.finding.na_reason.strip():
                    text += ": " + row.finding.na_reason
                cells.append(self.para(text, self.s.compact))
            data.append(cells)
        widths = self.cols(0.07, 0.58, 0.35) if reason else self.cols(0.07, 0.93)
        tall = any(_tall(r.item.question.uk, r.finding.na_reason) for r in rows)
        return self.table(data, widths, tall_rows=tall, size=self.s.compact.fontSize)

    def compliant(self) -> list[Flowable]:
        """«Так» on duties of the Law, then apart «Так» on practice and permissive items (they are not requirements)."""
        rows = [r for r in self.rows if r.finding.answer is Answer.COMPLIES]
        law = [r for r in rows if r.is_law]
        other = [r for r in rows if not r.is_law]
        out = [*self.heading("compliant_heading"), self._item_table(law, reason=False)]
        if other:
            out += [self.para(doc_text("compliant_practice_heading"), self.s.heading), self._item_table(other, reason=False)]
        return out

    def not_applicable(self) -> list[Flowable]:
        skipped = (Answer.NOT_APPLICABLE, Answer.NOT_EXAMINED)
        rows = [r for r in self.rows if r.finding.answer in skipped]
        out = [*self.heading("na_heading"), self._item_table(rows, reason=True)]
        open_rows = [r for r in self.rows if r.finding.answer is Answer.UNANSWERED]
        if open_rows:
            out += [self.para(doc_text("unanswered_heading"), self.s.heading), self._item_table(open_rows, reason=False)]
        return out

    def evidence(self) -> list[Flowable]:
        attached = [(r, e) for r in self.rows for e in r.finding.evidence]
        if not attached:
            return [*self.heading("evidence_heading"), self.para(doc_text("none"), self.s.body)]
        data: list[list[Flowable | str]] = [self.heads("col_item", "col_file", "col_sha256", "col_size")]
        for row, ev in attached:
            digest = self.esc(ev.sha256)
            if self.read_evidence is not None:
                state = facts.evidence_state(ev, self.read_evidence)
                digest += f"<br/><font color='#555555'>{self.esc(doc_text(state.value))}</font>"
            data.append([
                row.number,
                self.para(ev.filename, self.s.compact),
                Paragraph(digest, self.s.mono),
                facts.fmt_amount(ev.size),
            ])
        return [*self.heading("evidence_heading"), self.table(data, self.cols(0.07, 0.25, 0.56, 0.12), size=self.s.compact.fontSize)]

    def conclusion(self) -> list[Flowable]:
        ins = self.inspection
        text = ins.conclusion.strip() or doc_text("no_conclusion")  # a draft only: sign-off needs a conclusion
        out = [*self.heading("conclusion_heading"), self.para(text, self.s.body)]
        remedy = facts.remedy(self.rows)
        if remedy is not None:
            deadline, what = remedy
            unit = facts.lower_first(self.issuer.unit_name.strip()) if self.issuer.unit_name.strip() else doc_text("remedy_unit")
            duty = doc_text("remedy_duty", entity=guillemets(ins.enterprise.short_name), date=fmt_date(deadline), unit=unit, what=what)
            out += [Spacer(1, 4), self.para(duty, self.s.body)]
        out += [Spacer(1, 4), self.para(doc_text("copies"), self.s.body)]
        return out

    def _signature_row(self, person: Person, when: str) -> Table:
        """Position | line for the signature | name and date, as in Ukrainian documents."""
        data = [
            [
                self.para(person.position, self.s.left),
                self.para("", self.s.left),
                Paragraph(f"<b>{self.esc(person.name)}</b>", self.s.left),
            ],
            [
                self.para("", self.s.hint),
                self.para(doc_text("signature_hint"), self.s.hint),
                self.para(when, self.s.date),
            ],
        ]
        style = [
            ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
            ("LINEBELOW", (1, 0), (1, 0), 0.6, colors.black),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 1), (-1, 1), 1),
        ]
        return self.layout(data, self.cols(0.5, 0.2, 0.3), style, hAlign="LEFT")

    def signatures(self) -> list[Flowable]:
        ins = self.inspection
        so = ins.signoff
        signers = so.signers if so else ins.inspectors
        when = fmt_date(so.signed_on) if so else doc_text("date_blank")
        block: list[Flowable] = [Spacer(1, 8), self.para(doc_text("signatures_heading"), self.s.heading)]
        for person in signers:
            block += [self._signature_row(person, when), Spacer(1, 8)]
        out: list[Flowable] = [CondPageBreak(60 * mm), KeepTogether(block)]
        out.append(KeepTogether(self._acknowledgement()))
        return out

    def _acknowledgement(self) -> list[Flowable]:
        ins = self.inspection
        so = ins.signoff
        out: list[Flowable] = [Spacer(1, 6), self.para(doc_text("ack"), self.s.heading)]
        if so is None:
            e = ins.enterprise
            blank = Person(name=e.head_name or "________________", position=e.head_position or doc_text("head"))
            out += [self._signature_row(blank, doc_text("date_blank")), Spacer(1, 6)]
            return out + [self.para(doc_text("remarks", text=doc_text("remarks_blank")), self.s.left)]
        head = so.head
        person = Person(name=head.name, position=head.position)
        if head.refused:
            when = fmt_date(head.acknowledged_on) if head.acknowledged_on else fmt_date(so.signed_on)
            out += [self.para(doc_text("refused", name=f"{head.position} {head.name}"), self.s.body), self.para(when, self.s.left)]
        else:
            when = fmt_date(head.acknowledged_on) if head.acknowledged_on else doc_text("date_blank")
            out += [self._signature_row(person, when)]
        remarks = head.remarks.strip() or doc_text("remarks_none")
        return out + [Spacer(1, 6), self.para(doc_text("remarks", text=remarks), self.s.left), *self.objections()]

    def objections(self) -> list[Flowable]:
        """The head's right to object in writing, with the term, and objections received after signing."""
        unit = self.issuer.unit_name.strip() or doc_text("remedy_unit")
        days = self.issuer.objection_days
        term = doc_text("objection_days", days=days) if days else doc_text("objection_term_procedure")
        procedure = self.issuer.inspection_procedure.strip()
        rule = doc_text("objection_rule", procedure=procedure.rstrip(".")) if procedure else ""
        out: list[Flowable] = [Spacer(1, 4), self.para(doc_text("objection_right", term=term, unit=unit, rule=rule), self.s.body)]
        for addendum in self.inspection.addenda:
            out += [
                Spacer(1, 4),
                self.para(doc_text("addendum", date=fmt_date(addendum.received_on), text=addendum.text), self.s.body),
                self.para(doc_text("addendum_hash", sha256=addendum.sha256), self.s.mono),
            ]
        return out

    def integrity(self) -> list[Flowable]:
        ins = self.inspection
        if ins.sha256 is None:
            return []
        size = 32 * mm
        qr = QrCode(Stamp.of(ins).line(), width=size, height=size, qrLevel="M", qrBorder=2)
        text = [
            self.para(doc_text("integrity_heading"), self.s.box_title),
            self.para(doc_text("integrity_id", id=str(ins.id), revision=ins.revision), self.s.cell),
            self.para(doc_text("integrity_sha"), self.s.cell),
            self.para(ins.sha256, self.s.hash),
            self.para(doc_text("integrity_hint"), self.s.cell),
        ]
        box = self.layout(
            [[qr, text]],
            [size + 4 * mm, self.width - size - 4 * mm],
            [("BOX", (0, 0), (-1, -1), 0.6, _RULE), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 4)],
        )
        return [Spacer(1, 10), KeepTogether([box])]
