"""The edition's report for its funders, as tables: what the PDF and the workbook both show.

Every breakdown of people publishes no group under 5 (results.suppressed).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from common.dates import format_date
from events.models import Edition
from outcomes.models import Evaluation
from outcomes.results import (
    SMALLEST_GROUP,
    fewer_than,
    meeting_results,
    suppressed,
    survey_results,
)
from overview.figures import limited_sessions
from registrations.models import Category, CheckIn, Gender, Registration


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    note: str = ""


@dataclass
class Report:
    edition: Edition
    evaluation: Evaluation
    made_at: str
    tables: list[Table]


def people_counted(edition: Edition):
    """Who came (checked in on any day); before anyone is checked in, who is confirmed."""
    came = edition.registrations.came()
    if came.exists():
        return came, _("People checked in on at least one day.")
    return (
        edition.registrations.filter(status=Registration.Status.CONFIRMED),
        _("No one is checked in yet: confirmed registrations."),
    )


def breakdown(title: str, header: str, rows: list[tuple[str, int]], note: str) -> Table:
    return Table(title, [header, _("People")], [list(row) for row in suppressed(rows)], note)


# Apps built later add their tables to the report: each source returns an edition's tables.
TABLE_SOURCES: list[Callable[[Edition], list[Table]]] = []


def add_tables(source: Callable[[Edition], list[Table]]) -> None:
    if source not in TABLE_SOURCES:
        TABLE_SOURCES.append(source)


def build_report(edition: Edition) -> Report:
    evaluation, _created = Evaluation.objects.get_or_create(edition=edition)
    people, base = people_counted(edition)
    registrations = edition.registrations
    arrivals = dict(
        CheckIn.objects.arrivals()
        .filter(registration__edition=edition)
        .order_by()
        .values_list("day")
        .annotate(n=Count("pk"))
    )
    participation = Table(_("Participation"), [_("Figure"), _("People")])
    participation.rows = [
        [_("Registered (every registration made)"), registrations.count()],
        [
            _("Confirmed"),
            registrations.filter(status=Registration.Status.CONFIRMED).count(),
        ],
        *(
            [
                _("Checked in on %(day)s") % {"day": format_date(day, "l j F Y")},
                arrivals.get(day, 0),
            ]
            for day in edition.days
        ),
        [_("Checked in on at least one day"), people.count() if arrivals else 0],
    ]
    by_country = people.order_by().values_list("country").annotate(n=Count("pk"))
    country_rows = sorted(
        ((countries.name(code) or code, n) for code, n in by_country), key=lambda r: (-r[1], r[0])
    )
    host = sum(n for code, n in by_country if code == edition.country.code)
    everyone = sum(n for _code, n in by_country)
    local = Table(
        _("Local and international"),
        [_("Origin"), _("People")],
        [
            list(row)
            for row in suppressed(
                [
                    (
                        _("From the host country (%(country)s)")
                        % {"country": edition.country.name},
                        host,
                    ),
                    (_("From other countries"), everyone - host),
                ]
            )
        ]
        + [[_("Countries"), len(country_rows)]],
        base,
    )
    categories = dict(people.order_by().values_list("category").annotate(n=Count("pk")))
    tables = [
        participation,
        breakdown(_("By country"), _("Country"), country_rows, base),
        breakdown(
            _("By stakeholder type"),
            _("Stakeholder type"),
            [(str(label), categories.get(value, 0)) for value, label in Category.choices],
            base,
        ),
        local,
    ]
    if edition.asks_gender:
        genders = dict(people.order_by().values_list("gender").annotate(n=Count("pk")))
        tables.append(
            breakdown(
                _("By gender (optional question)"),
                _("Gender"),
                [(str(label), genders.get(value, 0)) for value, label in Gender.choices]
                + [(_("Not answered"), genders.get("", 0))],
                base,
            )
        )
    sessions = limited_sessions(edition)
    if sessions:
        tables.append(
            Table(
                _("Sessions with limited places"),
                [_("Session"), _("Places"), _("Confirmed"), _("Waiting"), _("Checked in")],
                [[s.title, s.capacity, s.confirmed, s.waiting, s.boarded] for s in sessions],
            )
        )
    tables += meeting_tables(edition) + survey_tables(evaluation)
    for source in TABLE_SOURCES:
        tables += source(edition)
    made_at = format_date(timezone.localtime(timezone.now(), edition.tz), "j F Y H:i")
    return Report(edition, evaluation, made_at, tables)


def meeting_tables(edition: Edition) -> list[Table]:
    results = meeting_results(edition)
    if not results.requested:
        return []
    figures = Table(
        _("One-to-one meetings"),
        [_("Figure"), _("Meetings")],
        [
            [_("Requested"), results.requested],
            [_("Accepted"), results.accepted],
            [_("Held"), results.held],
            [_("Rated by at least one of the two"), results.rated],
            [_("Agreement reached (follow-up)"), results.agreements],
        ],
    )
    return [
        figures,
        Table(
            results.assessments.title,
            [_("Answer"), _("Answers")],
            [[b.label, b.value] for b in results.assessments.bars],
        ),
        Table(
            results.follow_ups.title,
            [_("Answer"), _("Answers")],
            [[b.label, b.value] for b in results.follow_ups.bars],
        ),
    ]


def survey_tables(evaluation: Evaluation) -> list[Table]:
    results = survey_results(evaluation)
    enough = results.responses >= SMALLEST_GROUP
    summary = Table(
        _("Satisfaction"),
        [_("Figure"), _("Value")],
        [
            [_("Invited (checked in)"), results.invited],
            [_("Answers"), results.responses],
            [
                _("Response rate (%)"),
                results.response_rate if results.response_rate is not None else "–",
            ],
            *(
                [
                    _("Average: %(question)s") % {"question": d.title},
                    (d.average if d.average is not None else "–") if enough else fewer_than(),
                ]
                for d in results.distributions
                if d.is_rating
            ),
            [
                _("Net promoter score (−100 to 100)"),
                results.nps if enough and results.nps is not None else fewer_than(),
            ],
        ],
        ""
        if enough
        else _("Fewer than %(count)s answers: averages are not shown.") % {"count": SMALLEST_GROUP},
    )
    tables = [summary]
    if enough:
        for distribution in [*results.distributions, results.recommend]:
            tables.append(
                Table(
                    distribution.title,
                    [_("Answer"), _("Answers")],
                    [[b.label, b.value] for b in distribution.bars],
                )
            )
    return tables
