"""A synthetic organisation's workspace, for benchmarks: the same bytes for the same seed.

    .venv/bin/python benchmarks/make_org.py OUT [--members 200] [--rotations 20]
        [--runbooks 1000] [--years 3] [--seed 9]

Writes a complete workspace into OUT (which must be empty or absent): opsbook.yaml,
mkdocs.yml and docs/ for the site, rotation/ (one Team, Rotation, TimeOff and
Overrides file per team, and the lock files), runbooks/ (one folder per team with its
runbooks and ownership matrix, and escalation/ with one policy per file) and schemas/
(from `opsbook schema`, which every file's `$schema` line points at). What it holds:

* members spread over 18 countries and their zones, each with the public-holiday
  calendar of their country (and state or region where the `holidays` package has
  one), phone, email and chat handle; a few late joiners and a few leavers;
* teams of about ten (members / rotations), each with a manager to escalate to; the
  first team also holds the organisation's shared contacts;
* one rotation per team with a primary and a secondary: three in five weekly, one in
  five two-weekly, one in five daily, handing off at various times in the team's zone;
* a few weeks of time off per person per year (summer, winter, conferences, days off);
* escalation policies: two per team (critical, standard) and two shared ones;
* RUNBOOKS runbooks over the teams' pipelines, a fifth investor-tier, a third
  experiment-tier, the rest internal, each with every section its tier requires (and
  often more), validation SQL of nine kinds in three dialects, text of varied length;
  each owned in its team's ownership matrix, primaries spread evenly.

The planning instant `at` is chosen so each rotation's lock runs from its start, over
YEARS years, to `at` plus the 26-week horizon; it is printed, and `generate` returns it.

Swaps and covers must name real shifts of the plan, so the locks are made the way a
team makes them: the inputs are written, `opsbook plan --at AT` plans every rotation,
swaps and covers are chosen from those locks (only in shifts that have started or are
frozen at `at`, so re-planning never moves them, and never onto someone's time off or
other role), and `opsbook plan` runs again to record them in the locks. At the end
`opsbook validate` must report nothing, and `opsbook lint --at AT` reports warnings only
(OB140: about 4% of runbooks are overdue for review, none twice over).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from ruamel.yaml import YAML

START = date(2026, 1, 5)
"""The Monday every rotation starts from (on the first handoff weekday after it)."""
HORIZON_WEEKS = 26
FREEZE = timedelta(weeks=2)
SCHEMA_LINE = "# yaml-language-server: $schema={up}schemas/{kind}.schema.json\n"


@dataclass(frozen=True)
class Place:
    """A country (and region) people live in: holidays, zone, phone prefix, names."""

    country: str
    subdivision: str | None
    zone: str
    dial: str
    first: tuple[str, ...]
    last: tuple[str, ...]


# country | subdivision | zone | phone prefix | first names | last names
_PLACE_TABLE = """
GB | ENG | Europe/London | +44 20 | Oliver, Amelia, George, Isla, Harry, Ava, Jack, Mia | Smith, Jones, Taylor, Brown, Williams, Wilson, Evans, Walker, Hughes
FR | | Europe/Paris | +33 1 | Camille, Louis, Chloé, Hugo, Manon, Jules, Léa, Arthur, Inès | Martin, Bernard, Dubois, Thomas, Robert, Richard, Petit, Durand, Moreau
DE | BE | Europe/Berlin | +49 30 | Lukas, Anna, Felix, Lena, Jonas, Marie, Paul, Laura | Müller, Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Becker, Koch
DE | BY | Europe/Berlin | +49 89 | Maximilian, Lea, Elias, Emilia, Noah, Hannah, Ben, Mila | Huber, Bauer, Wimmer, Maier, Gruber, Brandl, Hofer, Lechner, Kraus
US | CA | America/Los_Angeles | +1 415 | James, Emma, Michael, Olivia, Ethan, Sophia, Daniel, Madison | Johnson, Miller, Davis, Garcia, Rodriguez, Anderson, Clark, Lewis
US | NY | America/New_York | +1 212 | Ryan, Abigail, Kevin, Natalie, Brian, Samantha, Jason, Rachel | Cohen, Russo, Murphy, Rivera, Goldberg, Kim, Sullivan, Ortiz, Price
IN | KA | Asia/Kolkata | +91 80 | Aarav, Ananya, Vivaan, Diya, Arjun, Priya, Rohan, Kavya, Ishaan | Sharma, Patel, Iyer, Reddy, Nair, Gupta, Rao, Mehta, Kulkarni, Menon
BR | SP | America/Sao_Paulo | +55 11 | Lucas, Júlia, Gabriel, Beatriz, Mateus, Larissa, Rafael, Camila | Silva, Santos, Oliveira, Souza, Lima, Pereira, Costa, Carvalho, Ribeiro
JP | | Asia/Tokyo | +81 3 | Haruto, Yui, Sota, Hina, Ren, Aoi, Yuto, Sakura, Riku, Mei | Sato, Suzuki, Takahashi, Tanaka, Watanabe, Ito, Yamamoto, Nakamura, Kato
AU | NSW | Australia/Sydney | +61 2 | Jack, Charlotte, William, Olivia, Noah, Matilda, Thomas, Ruby | Nguyen, Kelly, Ryan, Murphy, Campbell, Mitchell, Stewart, Cooper, Bell
PL | | Europe/Warsaw | +48 22 | Jakub, Zuzanna, Kacper, Julia, Szymon, Maja, Filip, Hanna | Nowak, Kowalski, Wiśniewski, Wójcik, Kamiński, Lewandowski, Zieliński
ES | MD | Europe/Madrid | +34 91 | Pablo, Lucía, Alejandro, Sofía, Daniel, Martina, Álvaro, Paula | García, Fernández, González, López, Sánchez, Pérez, Gómez, Jiménez, Ruiz
NL | | Europe/Amsterdam | +31 20 | Daan, Emma, Sem, Julia, Lucas, Tess, Finn, Sophie, Levi, Noor | de Jong, Jansen, de Vries, van den Berg, Bakker, Visser, Smit, Meijer, Mulder
SG | | Asia/Singapore | +65 6 | Wei, Hui Min, Jun Jie, Xin Yi, Ming, Li Ting, Kai, Shu Fen | Tan, Lim, Lee, Ng, Ong, Wong, Goh, Chua, Chan, Koh
CA | ON | America/Toronto | +1 416 | Liam, Emily, Benjamin, Chloe, Owen, Ava, Nathan, Lily, Samuel | Tremblay, Gagnon, Roy, Côté, Bouchard, Gauthier, Morin, Lavoie, Fortin
MX | | America/Mexico_City | +52 55 | Santiago, Valentina, Mateo, Regina, Diego, Ximena, Renata | Hernández, López, Ramírez, Flores, Cruz, Morales, Reyes, Torres, Vargas
IE | | Europe/Dublin | +353 1 | Conor, Aoife, Seán, Niamh, Cian, Saoirse, Darragh, Ciara, Oisín | Murphy, Kelly, O'Sullivan, Walsh, O'Brien, Byrne, O'Connor, Doyle, McCarthy
ZA | | Africa/Johannesburg | +27 11 | Thabo, Lerato, Sipho, Naledi, Pieter, Anika, Kagiso, Zanele | Nkosi, Dlamini, Botha, van der Merwe, Naidoo, Mokoena, Khumalo, Ndlovu
NZ | AUK | Pacific/Auckland | +64 9 | Nikau, Aria, Hemi, Mia, Tama, Isla, Wiremu, Ruby, Manaia | Ngata, Parata, Walker, Wilson, Thompson, Henare, Clarke, Robinson, Watson
"""  # noqa: E501


def _places(table: str) -> tuple[Place, ...]:
    places = []
    for line in table.strip().splitlines():
        country, subdivision, zone, dial, first, last = (f.strip() for f in line.split("|"))
        places.append(
            Place(
                country,
                subdivision or None,
                zone,
                dial,
                tuple(n.strip() for n in first.split(",")),
                tuple(n.strip() for n in last.split(",")),
            )
        )
    return tuple(places)


PLACES = _places(_PLACE_TABLE)
"""Where people live; teams draw most members from two or three neighbouring places."""

# Teams cluster around a region, with the odd remote member anywhere.
REGIONS: tuple[tuple[int, ...], ...] = (
    (0, 1, 2, 12, 16),  # western Europe
    (2, 3, 10, 11, 12),  # central Europe and Spain
    (4, 5, 14, 15),  # North America
    (6, 13, 8, 9),  # Asia-Pacific
    (7, 15, 4, 11),  # the Americas and Spain
    (0, 6, 17, 16),  # London, Bangalore, Johannesburg, Dublin
    (9, 18, 13, 8),  # Oceania and Asia
)

DOMAINS = (
    "payments", "growth", "marketing", "finance", "logistics", "search", "ads", "risk",
    "pricing", "catalog", "identity", "supply", "support", "ml-platform", "experiments",
    "reporting", "streaming", "ingestion", "privacy", "partners", "fraud", "inventory",
    "recommendations", "billing", "crm",
)  # fmt: skip
ENTITIES = (
    "orders", "refunds", "sessions", "users", "events", "invoices", "payouts", "clicks",
    "impressions", "subscriptions", "shipments", "returns", "tickets", "accounts",
    "devices", "campaigns", "conversions", "ledger", "balances", "chargebacks", "carts",
    "searches", "listings", "reviews", "messages", "transfers",
)  # fmt: skip
STAGES = (
    "daily", "hourly", "aggregate", "snapshot", "reconciliation", "export", "quality",
    "features", "rollup", "funnel", "attribution", "forecast", "backfill",
)  # fmt: skip
SCHEDULES = {
    "hourly": "hourly",
    "snapshot": "0 3 * * *",
    "export": "0 6 * * 1-5",
    "features": "0 */4 * * *",
    "forecast": "weekly",
    "backfill": "on demand",
}
METRICS = ("amount", "revenue", "quantity", "event_count", "sessions", "cost", "fees", "units")
STAKEHOLDERS = (
    "CFO", "Finance Analytics", "Investor Relations", "Risk Team", "Growth Product",
    "Marketing", "Sales Operations", "Customer Support", "Pricing", "Product Analytics",
    "Data Science", "Executive Team", "Compliance", "Partner Managers", "Logistics Ops",
)  # fmt: skip
ORCHESTRATORS = ("Airflow", "Dagster", "Prefect", "dbt Cloud", "Argo Workflows")
PROCESSING = ("Spark", "dbt", "Flink", "Python", "SQL", "Beam", "Pandas")
STORAGE = ("S3", "GCS", "Snowflake", "BigQuery", "PostgreSQL", "Delta Lake", "Kafka")
DASHBOARDS = ("Looker", "Tableau", "Metabase", "Superset", "Mode")
MANAGERS = (
    ("Dana Lee", "Data Engineering Manager"),
    ("Marcus Okonkwo", "Analytics Engineering Lead"),
    ("Ingrid Halvorsen", "Head of Data, Platform"),
    ("Tomás Herrera", "Engineering Manager"),
    ("Yuki Mori", "Data Engineering Manager"),
    ("Amara Obi", "Head of Analytics"),
    ("Karl Lindqvist", "Staff Data Engineer"),
    ("Fatima Zahra", "Data Platform Manager"),
    ("Raj Malhotra", "Engineering Manager"),
    ("Sofia Romano", "Analytics Manager"),
)


# YAML text ------------------------------------------------------------------------------

_PLAIN = re.compile(r"[A-Za-zÀ-ÿ][\w .()/'’–&%+<>=-]*")
_RESERVED = {"yes", "no", "true", "false", "null", "on", "off", "y", "n", "~"}


def scalar(text: str) -> str:
    """`text` as a YAML flow scalar: plain where that reads back the same, else quoted."""
    if (
        _PLAIN.fullmatch(text)
        and text.lower() not in _RESERVED
        and not text.endswith((" ", ":"))
        and ": " not in text
        and " #" not in text
    ):
        return text
    return json.dumps(text, ensure_ascii=False)


def flow(**items: object) -> str:
    """A one-line YAML mapping; None values are left out, lists become flow lists."""
    parts = []
    for key, value in items.items():
        if value is None:
            continue
        parts.append(f"{key}: {_flow_value(value)}")
    return "{" + ", ".join(parts) + "}"


def _flow_value(value: object) -> str:
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_flow_value(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | date):
        return str(value)
    if isinstance(value, Raw):
        return value.text
    return scalar(str(value))


@dataclass(frozen=True)
class Raw:
    """Text written as it is (a duration, a quoted time)."""

    text: str


def block(text: str, indent: int) -> str:
    """`text` as a literal block scalar (for SQL), indented under its key."""
    pad = " " * indent
    return "|\n" + "".join(f"{pad}{line}\n" if line else "\n" for line in text.splitlines())


def folded(text: str, indent: int, width: int = 88) -> str:
    """Prose as a folded block scalar wrapped at `width`, the way people write it."""
    pad = " " * indent
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(pad) + len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return ">-\n" + "".join(f"{pad}{line}\n" for line in lines)


def envelope(kind: str, schema: str, name: str, up: str = "../", **meta: object) -> str:
    head = SCHEMA_LINE.format(up=up, kind=schema)
    head += f"apiVersion: opsbook/v1\nkind: {kind}\nmetadata:\n  name: {name}\n"
    for key, value in meta.items():
        if value is None:
            continue
        if isinstance(value, list | tuple):
            head += f"  {key}: {_flow_value(value)}\n"
        elif len(str(value)) > 70:
            head += f"  {key}: {folded(str(value), 4)}"
        else:
            head += f"  {key}: {scalar(str(value))}\n"
    return head


# People and teams -----------------------------------------------------------------------


@dataclass
class Person:
    id: str
    name: str
    place: Place
    joined: date | None = None
    left: date | None = None

    def current_on(self, day: date) -> bool:
        if self.joined is not None and day < self.joined:
            return False
        return not (self.left is not None and day > self.left)


@dataclass
class Team:
    name: str
    domain: str
    title: str
    zone: str
    members: list[Person]
    manager: Person
    manager_role: str
    every: str
    weekday: str | None
    handoff: str
    start: date
    fairness: str
    weights: tuple[float, float]
    dialect: str | None
    shared_contacts: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def rotation(self) -> str:
        return f"{self.domain}-oncall"

    @property
    def folder(self) -> str:
        return self.domain


def _ident(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


class People:
    """Draws unique people from places."""

    def __init__(self, rnd: random.Random) -> None:
        self.rnd = rnd
        self.taken: set[str] = set()

    def person(self, place: Place) -> Person:
        for _ in range(50):
            name = f"{self.rnd.choice(place.first)} {self.rnd.choice(place.last)}"
            ident = _ident(name)
            if ident not in self.taken:
                break
        else:  # the pools are small: a large org gets initials-numbered ids
            ident = f"{ident}-{len(self.taken)}"
        self.taken.add(ident)
        return Person(ident, name, place)


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")


def plan_teams(rnd: random.Random, members: int, rotations: int, at: date) -> list[Team]:
    """`rotations` teams sharing `members` people, with their rotations' settings."""
    people = People(rnd)
    teams: list[Team] = []
    base, extra = divmod(members, rotations)
    for index in range(rotations):
        domain = DOMAINS[index % len(DOMAINS)]
        if index >= len(DOMAINS):
            domain = f"{domain}-{index // len(DOMAINS) + 1}"
        region = REGIONS[index % len(REGIONS)]
        size = base + (1 if index < extra else 0)
        crew: list[Person] = []
        for m in range(size):
            # Mostly the region's first two places, the rest of the region, now and then
            # someone remote.
            roll = rnd.random()
            if roll < 0.55:
                place = PLACES[region[m % 2]]
            elif roll < 0.9:
                place = PLACES[rnd.choice(region)]
            else:
                place = rnd.choice(PLACES)
            person = people.person(place)
            if m == size - 1 and index % 3 == 0 and size > 4:
                person.joined = START + timedelta(days=rnd.randint(60, (at - START).days - 60))
            if m == size - 2 and index % 4 == 1 and size > 5:
                person.left = START + timedelta(days=rnd.randint(120, (at - START).days - 30))
            crew.append(person)
        home = PLACES[region[0]]
        manager_name, manager_role = MANAGERS[index % len(MANAGERS)]
        manager_id = _ident(manager_name)
        if manager_id in people.taken:  # more teams than managers: the name comes round again
            manager_id = f"{manager_id}-{index}"
        people.taken.add(manager_id)
        manager = Person(manager_id, manager_name, home)
        every = ("1w", "1w", "1w", "2w", "1d")[index % 5]
        weekday = None if every == "1d" else WEEKDAYS[rnd.randrange(len(WEEKDAYS))]
        start = START
        if weekday is not None:
            start += timedelta(days=WEEKDAYS.index(weekday))
        teams.append(
            Team(
                name=f"{domain}-data",
                domain=domain,
                title=f"{domain.replace('-', ' ').title().replace('Ml ', 'ML ')} Data",
                zone=home.zone,
                members=crew,
                manager=manager,
                manager_role=manager_role,
                every=every,
                weekday=weekday,
                handoff=rnd.choice(("09:00", "09:30", "10:00", "08:00", "11:00", "16:00")),
                start=start,
                fairness=rnd.choice(("avoid", "avoid", "share", "ignore")),
                weights=(rnd.choice((1.5, 2.0, 1.25)), rnd.choice((3.0, 2.5, 4.0))),
                dialect=("snowflake", None, None, "postgres", None)[index % 5],
            )
        )
    teams[0].shared_contacts = [
        ("head-of-data", "Helena Brandt", "Head of Data"),
        ("finance-lead", "Farah Nasser", "Finance Lead"),
        ("privacy-officer", "Pierre Laurent", "Data Protection Officer"),
    ]
    return teams


def team_yaml(team: Team) -> str:
    text = envelope("Team", "team", team.name, title=team.title)
    text += f"spec:\n  timezone: {team.zone}\n  members:\n"
    for person in team.members:
        place = person.place
        holidays = flow(country=place.country, subdivision=place.subdivision)
        digits = sum(ord(c) for c in person.id) % 9000 + 1000
        text += f"    - id: {person.id}\n      name: {scalar(person.name)}\n"
        text += f"      email: {person.id}@example.com\n"
        text += f'      phone: "{place.dial} 555 {digits}"\n'
        text += f'      slack: "@{person.id}"\n'
        text += f"      timezone: {place.zone}\n      holidays: {holidays}\n"
        if person.joined:
            text += f"      joined: {person.joined}\n"
        if person.left:
            text += f"      left: {person.left}\n"
    text += "  contacts:\n"
    contacts = [
        (team.manager.id, team.manager.name, team.manager_role),
        *team.shared_contacts,
    ]
    for ident, name, role in contacts:
        text += f"    - {flow(id=ident, name=name, role=role, email=f'{ident}@example.com')}\n"
    return text


def rotation_yaml(team: Team) -> str:
    freeze = "1w" if team.every == "1d" else "2w"
    text = envelope("Rotation", "rotation", team.rotation, title=f"{team.title} on-call")
    text += f"spec:\n  team: {team.name}\n  roles: [primary, secondary]\n"
    handoff = flow(weekday=team.weekday, time=Raw(f'"{team.handoff}"'), timezone=team.zone)
    text += f"  shift:\n    every: {team.every}\n    handoff: {handoff}\n"
    text += f"  start: {team.start}\n"
    weekend, holiday = team.weights
    text += (
        f"  fairness:\n    holidays: {team.fairness}\n"
        f"    weights: {{weekend: {weekend}, holiday: {holiday}}}\n    min_rest: 1\n"
    )
    text += f"  freeze: {freeze}\n  horizon: {HORIZON_WEEKS}w\n"
    return text


def freeze_of(team: Team) -> timedelta:
    return timedelta(weeks=1) if team.every == "1d" else FREEZE


# Time off -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Absence:
    member: str
    start: date
    end: date
    reason: str


def time_off(rnd: random.Random, team: Team, years: int) -> list[Absence]:
    """A few weeks a year per person: summer, winter, a conference, the odd day.

    Teams agree their holidays, so no more than a quarter of a team is away on any
    day: a span that would break that moves, and after a few tries is dropped.
    """
    entries: list[Absence] = []
    end_of_plan = START + timedelta(days=365 * years)
    cap = max(1, len(team.members) // 4)
    away: dict[date, int] = {}
    for person in team.members:
        for year in range(START.year, START.year + years + 1):
            wishes = [
                ((6, 9), rnd.randint(6, 15), "summer"),
                ((12, 12), rnd.randint(4, 12), "winter holidays"),
            ]
            if rnd.random() < 0.6:
                wishes.append(((2, 11), rnd.randint(2, 4), ""))
            for _ in range(rnd.randint(0, 2)):
                wishes.append(((1, 12), rnd.randint(0, 1), ""))
            for (first_month, last_month), days, reason in wishes:
                for _ in range(8):
                    first = date(year, rnd.randint(first_month, last_month), rnd.randint(1, 28))
                    span = [first + timedelta(days=d) for d in range(days + 1)]
                    if all(away.get(day, 0) < cap for day in span):
                        break
                else:
                    continue
                if first < START or span[-1] > end_of_plan:
                    continue
                for day in span:
                    away[day] = away.get(day, 0) + 1
                if not reason:
                    reason = (
                        rnd.choice(("conference", "training", "family", "moving house"))
                        if days >= 2
                        else rnd.choice(("appointment", "day off", "school event", "wedding"))
                    )
                entries.append(Absence(person.id, first, span[-1], reason))
    return sorted(entries, key=lambda e: (e.start, e.member))


def time_off_yaml(team: Team, entries: Sequence[Absence]) -> str:
    text = envelope("TimeOff", "time-off", f"{team.name}-time-off", title=f"{team.title} time off")
    text += "spec:\n  entries:\n"
    for e in entries:
        text += f"    - {flow(member=e.member, start=e.start, end=e.end, reason=e.reason)}\n"
    return text


# Escalation -----------------------------------------------------------------------------


def _policy(
    name: str, title: str, steps: Sequence[str], repeat: int, description: str | None = None
) -> tuple[str, str]:
    text = envelope(
        "EscalationPolicy",
        "escalation-policy",
        name,
        up="../../",
        title=title,
        description=description,
    )
    text += "spec:\n  steps:\n" + "".join(f"    - {step}\n" for step in steps)
    return name, text + f"  repeat: {repeat}\n"


def policies_yaml(teams: Sequence[Team]) -> list[tuple[str, str]]:
    """Two shared policies and a critical and a standard one per team: (name, YAML),
    one file each (check-jsonschema, the lint peer, reads one document per file)."""
    policies = [
        _policy(
            "platform-internal",
            "Platform internal",
            [
                '{after: 0m, notify: ["owner:primary"]}',
                '{after: 1h, notify: ["owner:secondary"]}',
                '{after: 8h, notify: ["contact:head-of-data"]}',
            ],
            0,
            "Internal pipelines: owners in their working hours, then the head of data "
            "the next morning.",
        ),
        _policy(
            "business-hours",
            "Business hours",
            [
                '{after: 0m, notify: ["owner:primary"]}',
                '{after: 2h, notify: ["owner:secondary"]}',
                '{after: 1d, notify: ["contact:head-of-data"]}',
            ],
            1,
            "Experiments: nobody is woken up; owners first, the head of data after a working day.",
        ),
    ]
    for team in teams:
        rot, manager = team.rotation, team.manager.id
        policies.append(
            _policy(
                f"{team.domain}-critical",
                f"{team.title} critical",
                [
                    f'{{after: 0m, notify: ["owner:primary", "oncall:{rot}/primary"]}}',
                    f'{{after: 30m, notify: ["owner:secondary", "oncall:{rot}/secondary"]}}',
                    f'{{after: 2h, notify: ["contact:{manager}"]}}',
                    '{after: 6h, notify: ["contact:finance-lead"], when: investor-impact}',
                ],
                0,
            )
        )
        policies.append(
            _policy(
                f"{team.domain}-standard",
                f"{team.title} standard",
                [
                    f'{{after: 0m, notify: ["oncall:{rot}/primary"]}}',
                    f'{{after: 30m, notify: ["oncall:{rot}/secondary", "owner:primary"]}}',
                    f'{{after: 4h, notify: ["contact:{manager}"]}}',
                ],
                0,
            )
        )
    return policies


# Runbooks -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    name: str
    description: str
    sql: str
    expect: str
    severity: str


def _queries(rnd: random.Random, table: str, entity: str, metric: str, count: int) -> list[Query]:
    """`count` validation queries of different kinds over the runbook's output table."""
    key = f"{entity.rstrip('s')}_id"
    day = "CAST(CURRENT_DATE - INTERVAL '1' DAY AS DATE)"
    hours = rnd.choice((2, 6, 26, 30))
    kinds = [
        Query(
            f"{entity}-fresh",
            f"{table} has not been written for more than {hours} hours, or is empty.",
            f"SELECT MAX(updated_at) AS last_update\nFROM {table}\n"
            f"HAVING MAX(updated_at) IS NULL\n"
            f"    OR MAX(updated_at) < CURRENT_TIMESTAMP - INTERVAL '{hours}' HOUR",
            "{rows: 0}",
            "error",
        ),
        Query(
            "yesterday-loaded",
            "Yesterday has no row, even if the run reported success.",
            f"SELECT {day} AS missing_day\nWHERE NOT EXISTS (\n    SELECT 1\n"
            f"    FROM {table}\n    WHERE day = {day}\n)",
            "{rows: 0}",
            "error",
        ),
        Query(
            f"{entity}-unique",
            f"A {key} appears more than once in the last 35 days.",
            f"SELECT {key}, COUNT(*) AS copies\nFROM {table}\n"
            f"WHERE day >= CAST(CURRENT_DATE - INTERVAL '35' DAY AS DATE)\n"
            f"GROUP BY {key}\nHAVING COUNT(*) > 1",
            "{rows: 0}",
            "error",
        ),
        Query(
            f"{entity}-keys-present",
            f"Rows of yesterday without a {key}.",
            f"SELECT COUNT(*) AS missing_keys\nFROM {table}\n"
            f"WHERE day = {day}\n  AND {key} IS NULL\nHAVING COUNT(*) > 0",
            "{rows: 0}",
            rnd.choice(("error", "warn")),
        ),
        Query(
            f"{entity}-known",
            f"Rows whose {key} is missing from dim_{entity}.",
            f"SELECT f.{key}\nFROM {table} AS f\nLEFT JOIN dim_{entity} AS d\n"
            f"  ON d.{key} = f.{key}\nWHERE d.{key} IS NULL\n  AND f.day = {day}",
            "{rows: 0}",
            "error",
        ),
        Query(
            "day-over-day",
            f"Yesterday's {metric} differs from the day before by more than 20%.",
            f"SELECT cur.day, cur.{metric}, prev.{metric} AS previous\n"
            f"FROM {table} AS cur\nJOIN {table} AS prev\n"
            "  ON prev.day = CAST(cur.day - INTERVAL '1' DAY AS DATE)\n"
            f"WHERE cur.day = {day}\n  AND prev.{metric} <> 0\n"
            f"  AND ABS(cur.{metric} - prev.{metric}) > 0.2 * ABS(prev.{metric})",
            "{rows: 0}",
            "warn",
        ),
        Query(
            "below-weekly-average",
            f"Yesterday's total {metric} is under half of the week before's average.",
            f"WITH daily AS (\n    SELECT day, SUM({metric}) AS total\n    FROM {table}\n"
            "    GROUP BY day\n),\nmoving AS (\n    SELECT day, total,\n"
            "           AVG(total) OVER (ORDER BY day ROWS BETWEEN 7 PRECEDING "
            "AND 1 PRECEDING) AS average\n    FROM daily\n)\n"
            f"SELECT day, total, average\nFROM moving\nWHERE day = {day}\n"
            "  AND total < 0.5 * average",
            "{rows: 0}",
            "warn",
        ),
        Query(
            f"no-negative-{metric.replace('_', '-')}",
            f"A row with a negative {metric}.",
            f"SELECT {key}, {metric}\nFROM {table}\nWHERE {metric} < 0",
            "{rows: 0}",
            "error",
        ),
        Query(
            "rows-yesterday",
            "Yesterday has at least one row.",
            f"SELECT 1 AS present\nFROM {table}\nWHERE day = {day}\nLIMIT 1",
            "{min_rows: 1}",
            "error",
        ),
    ]
    return rnd.sample(kinds, count)


FAILURES = (
    ("Source rows missing from the extract", "Totals drop although every task is green",
     "Replication lag, or an incremental watermark that skipped an hour at a DST change",
     "Under-reported figures"),
    ("Duplicate rows after a re-run", "Totals rise sharply overnight with no business event",
     "A replayed stream or a re-run load inserted the same rows again", "Inflated figures"),
    ("Upstream schema change", "The model fails on a missing column",
     "The source team renamed or dropped a column without notice", "Pipeline outage"),
    ("Unit change upstream", "Amounts are off by a factor of 100",
     "Amounts switched from cents to currency units", "Wrong numbers spread downstream"),
    ("Late dimension data", "Rows fail to join and are dropped",
     "The dimension load finished after this pipeline started", "Partial figures"),
    ("Mart not rebuilt behind a green DAG", "Dashboards keep showing an old date",
     "The dbt selection was narrowed and skipped the mart models", "Stale figures"),
    ("Skewed partition", "One task runs for hours and the SLA is missed",
     "A single key grew far beyond the others", "Late data for every reader"),
    ("Warehouse credits exhausted", "Queries queue and time out",
     "The monthly credit quota was reached", "Outage until the quota is raised"),
    ("Expired credentials", "Extract tasks fail with authentication errors",
     "A service account key was rotated without updating the connection", "Pipeline outage"),
    ("Timezone boundary error", "One hour of events lands on the wrong day",
     "Local time used where UTC was meant", "Daily totals shifted between days"),
    ("Late-arriving corrections", "Published days change when re-run",
     "Corrections are posted days after the event", "History differs from what was reported"),
    ("Orchestrator backlog", "Runs start hours late",
     "Too many DAGs scheduled at the same minute", "SLA missed"),
)  # fmt: skip
MONITORING = (
    "Task failure and SLA-miss alerts to Slack #{domain}-alerts",
    "Freshness of {table} checked by `opsbook check` every hour",
    "dbt tests on {table} (unique and not-null keys)",
    "Run duration far below its usual length raises a warning",
    "Day-over-day change above 20% raises a warning for a human to confirm",
    "Row counts compared with the source system each morning",
    "Data contract checks on the upstream topic's schema",
)
CASES = (
    ("DAG failed", ("Open the failed task's log and find the first error",
                    "Fix the cause in a reviewed pull request",
                    "Clear only the failed task and its downstream tasks")),
    ("DAG green but the dashboard shows an old date",
     ("Compare the last run's duration with the previous week's",
      "Check which models the dbt command actually selected",
      "Run the mart models for the missing days")),
    ("Totals jumped overnight", ("Look for repeated keys in the output table",
                                 "Find the load that introduced them",
                                 "Delete the duplicates and rebuild the day")),
    ("Run too slow for the SLA", ("Look for one task far slower than the rest",
                                  "Find the key that grew and ask the upstream team why",
                                  "Re-run the partition with more executors")),
    ("Numbers look low", ("Compare row counts with the source for the same day",
                          "Check the extract's watermark against the source's clock",
                          "Reload the missing hours")),
)  # fmt: skip
PURPOSE_OPENERS = (
    "Turn every {entity_one} {verb} into one row per day of {metric}",
    "Keep a daily, deduplicated view of {entity} with their {metric}",
    "Compute {metric} per {entity_one} and per day",
    "Collect {entity} from {source} and publish {metric} per day",
)
PURPOSE_MORE = (
    "{audience} read it every morning, so a gap is noticed within hours.",
    "The numbers feed the weekly business review and the monthly report to {audience}.",
    "Several downstream models join on it, so a late run delays them all.",
    "It replaced a spreadsheet that was filled in by hand until last year.",
    "Figures are restated when late corrections arrive, never silently overwritten.",
    "A wrong figure here reaches {audience} without another check in between.",
    "The table is also exported nightly to the partners' SFTP drop.",
)


TIER_CYCLE = (
    "investor", "experiment", "internal", "experiment", "internal",
    "investor", "internal", "experiment", "internal", "experiment",
    "investor", "internal", "experiment", "internal", "internal",
)  # fmt: skip
"""A fifth of the runbooks investor-tier, a third experiment-tier, the rest internal."""


@dataclass(frozen=True)
class RunbookPlan:
    name: str
    team: Team
    tier: str
    text: str


def _pick(rnd: random.Random, pool: Sequence[str], low: int, high: int) -> list[str]:
    return rnd.sample(list(pool), rnd.randint(low, min(high, len(pool))))


def runbook_names(rnd: random.Random, teams: Sequence[Team], count: int) -> list[tuple[Team, str]]:
    """`count` distinct (team, name) pairs, spread evenly over the teams."""
    combos = [(e, s) for e in ENTITIES for s in STAGES]
    pairs: list[tuple[Team, str]] = []
    per_team = [
        count // len(teams) + (1 if i < count % len(teams) else 0) for i in range(len(teams))
    ]
    for team, wanted in zip(teams, per_team, strict=True):
        if wanted > len(combos):
            raise SystemExit(f"at most {len(combos) * len(teams)} runbooks for {len(teams)} teams")
        for entity, stage in rnd.sample(combos, wanted):
            pairs.append((team, f"{team.domain}-{entity}-{stage}"))
    return pairs


def runbook_yaml(rnd: random.Random, team: Team, name: str, tier: str, today: date) -> str:
    entity, stage = name.removeprefix(team.domain + "-").split("-", 1)
    domain_words = team.domain.replace("-", " ")
    title = f"{domain_words.title()} – {entity.title()} {stage.title()}"
    prefix = "agg" if stage in ("aggregate", "rollup") else "fct"
    table = f"{prefix}_{team.domain.replace('-', '_')}_{entity}_{stage}"
    metric = rnd.choice(METRICS)
    source = rnd.choice(("the production database", "the event stream", "the partner API",
                         "the billing system", "the CRM export"))  # fmt: skip
    audience = " and ".join(rnd.sample(STAKEHOLDERS, 2))
    fill = {
        "entity": entity,
        "entity_one": entity.rstrip("s"),
        "metric": metric.replace("_", " "),
        "verb": rnd.choice(("recorded", "booked", "received", "logged")),
        "source": source,
        "audience": audience,
        "domain": team.domain,
        "table": table,
    }
    purpose = rnd.choice(PURPOSE_OPENERS).format(**fill) + f", for {audience}."
    for sentence in _pick(rnd, PURPOSE_MORE, 0, 3):
        purpose += " " + sentence.format(**fill)
    tags = [team.domain, stage]
    if tier == "investor":
        tags.append("investor-facing")
    elif tier == "experiment":
        tags.append("experiments")
    description = None
    if rnd.random() < 0.4:
        description = (
            f"{entity.title()} {stage} pipeline of the {team.title} team, built from {source}."
        )
    text = envelope("Runbook", "runbook", name, up="../../", title=title, tags=tags,
                    description=description)  # fmt: skip
    text += f"spec:\n  tier: {tier}\n  purpose: {folded(purpose, 4)}"
    text += f"  schedule: {scalar(SCHEDULES.get(stage, 'daily'))}\n"
    full = tier == "investor"
    some = tier == "experiment" or rnd.random() < 0.5
    if full or some:
        ready = Raw(f'"{rnd.randint(5, 11):02d}:{rnd.choice(("00", "30"))}"')
        text += f"  sla:\n    - {flow(name='daily', ready_by=ready, timezone=team.zone)}\n"
        if full and rnd.random() < 0.5:
            text += (
                '    - {name: period-close, ready_by: "12:00", timezone: UTC, '
                "description: Month totals are final on the first business day.}\n"
            )
    if full or rnd.random() < 0.4:
        warn = rnd.choice((2, 6, 26))
        text += "  freshness:\n"
        text += (
            f"    - {{table: {table}, loaded_at: updated_at, warn_after: {warn}h, "
            f"error_after: {warn * 2}h}}\n"
        )
    policy = {
        "investor": f"{team.domain}-critical",
        "experiment": rnd.choice((f"{team.domain}-standard", "business-hours")),
        "internal": rnd.choice((f"{team.domain}-standard", "platform-internal")),
    }[tier]
    text += f"  escalation: {policy}\n"
    text += "  sources:\n"
    for src in rnd.sample(ENTITIES, rnd.randint(1, 3)):
        text += (
            f"    - {flow(name=src, description=f'{src.title()} as replicated from {source}.')}\n"
        )
    if full or some:
        arch = flow(
            orchestration=rnd.choice(ORCHESTRATORS),
            processing=_pick(rnd, PROCESSING, 1, 3),
            storage=_pick(rnd, STORAGE, 1, 2),
            dashboards=_pick(rnd, DASHBOARDS, 0, 2) or None,
        )
        text += f"  architecture: {arch}\n"
        steps = [
            f"Extract new and changed {entity} from {source}",
            "Land the raw extract and load it into staging",
            f"Deduplicate on the {entity.rstrip('s')} key",
            "Join the dimensions and convert currencies",
            f"Write one row per day into {table}",
            "Refresh the dashboards' extracts",
            "Publish the day's partition to downstream consumers",
        ]
        text += "  flow:\n" + "".join(
            f"    - {scalar(s)}\n" for s in steps[: rnd.randint(3, len(steps))]
        )
    if tier != "internal" or rnd.random() < 0.3:
        text += "  failure_modes:\n"
        for failure, symptom, cause, risk in rnd.sample(FAILURES, rnd.randint(2, 6)):
            text += f"    - failure: {scalar(failure)}\n      symptom: {scalar(symptom)}\n"
            text += f"      cause: {scalar(cause)}\n      risk: {scalar(risk)}\n"
    if full or rnd.random() < 0.3:
        text += "  monitoring:\n" + "".join(
            f"    - {scalar(m.format(**fill))}\n" for m in _pick(rnd, MONITORING, 2, 5)
        )
    count = {"investor": rnd.randint(3, 6), "experiment": rnd.randint(1, 3)}.get(
        tier, rnd.randint(0, 2)
    )
    queries = _queries(rnd, table, entity, metric, count)
    if queries and (full or rnd.random() < 0.5):
        text += "  troubleshooting:\n"
        for case, steps_of_case in rnd.sample(CASES, rnd.randint(2, 4)):
            used = [q.name for q in rnd.sample(queries, min(len(queries), rnd.randint(1, 2)))]
            text += f"    - case: {scalar(case)}\n      steps:\n"
            text += "".join(f"        - {scalar(s)}\n" for s in steps_of_case)
            text += f"      queries: [{', '.join(used)}]\n"
    if tier != "internal" or rnd.random() < 0.3:
        text += "  recovery:\n"
        text += "    - step: Pause the pipeline so the next run does not build on bad data\n"
        text += "    - step: Fix the cause first, then remove the affected day\n"
        text += f"      sql: DELETE FROM {table} WHERE day = :date\n"
        text += "    - step: Re-run the day and compare it with the week before\n"
        text += "      sql: " + block(
            f"SELECT day, SUM({metric}) AS total\nFROM {table}\n"
            "WHERE day BETWEEN CAST(:date AS DATE) - INTERVAL '7' DAY AND CAST(:date AS DATE)\n"
            "GROUP BY day\nORDER BY day",
            8,
        )
        text += "    - step: Tell the stakeholders which figures changed\n"
    if queries:
        text += "  validation:\n"
        for q in queries:
            text += f"    - name: {q.name}\n      description: {scalar(q.description)}\n"
            if team.dialect:
                text += f"      dialect: {team.dialect}\n"
            text += "      sql: " + block(q.sql, 8)
            text += f"      expect: {q.expect}\n      severity: {q.severity}\n"
    if tier != "experiment" or rnd.random() < 0.7:
        # A few runbooks are overdue for review (a warning), none twice over (an error).
        overdue = rnd.random() < 0.04
        age = rnd.randint(95, 170) if overdue else rnd.randint(3, 85)
        reviewer = rnd.choice(team.members).id
        last = today - timedelta(days=age)
        text += f"  review: {{last_reviewed: {last}, every: 90d, reviewer: {reviewer}}}\n"
    return text


def ownership_yaml(
    rnd: random.Random, team: Team, plans: Sequence[RunbookPlan], today: date
) -> str:
    """Every runbook of the team owned once, primaries dealt round robin, investor
    pipelines first so they spread over different people."""
    current = [p for p in team.members if p.current_on(today - timedelta(days=1))]
    ordered = sorted(plans, key=lambda p: ({"investor": 0, "experiment": 1}.get(p.tier, 2), p.name))
    text = envelope(
        "OwnershipMatrix", "ownership-matrix", f"{team.domain}-pipelines", up="../../",
        title=f"{team.title} pipeline ownership",
    )  # fmt: skip
    text += f"spec:\n  team: {team.name}\n  pipelines:\n"
    n = len(current)
    for index, plan in enumerate(ordered):
        primary = current[index % n]
        secondary = current[(index + 1 + (index // n) % (n - 1)) % n]
        stakeholders = sorted(random.Random(f"{plan.name}").sample(STAKEHOLDERS, 1 + index % 3))
        entry = flow(
            runbook=plan.name,
            primary=primary.id,
            secondary=secondary.id,
            stakeholders=stakeholders,
        )
        text += f"    - {entry}\n"
    return text


# Overrides: swaps and covers chosen from a planned lock ---------------------------------


@dataclass(frozen=True)
class LockShift:
    shift: date
    start: datetime
    end: datetime
    roles: dict[str, str | None]


def read_lock(path: Path) -> list[LockShift]:
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    return [
        LockShift(
            s["shift"],
            datetime.fromisoformat(str(s["start"])),
            datetime.fromisoformat(str(s["end"])),
            dict(s["roles"]),
        )
        for s in data["spec"]["shifts"]
    ]


class Availability:
    """Conservative: a day's margin around time off and membership, whatever the zone."""

    def __init__(self, team: Team, absences: Sequence[Absence]) -> None:
        self.people = {p.id: p for p in team.members}
        self.away: dict[str, list[Absence]] = {}
        for a in absences:
            self.away.setdefault(a.member, []).append(a)

    def free(self, member: str, start: datetime, end: datetime) -> bool:
        first = start.astimezone(UTC).date() - timedelta(days=1)
        last = end.astimezone(UTC).date() + timedelta(days=1)
        person = self.people[member]
        if not (person.current_on(first) and person.current_on(last)):
            return False
        return all(a.end < first or a.start > last for a in self.away.get(member, ()))


def overrides_yaml(
    rnd: random.Random,
    team: Team,
    shifts: Sequence[LockShift],
    absences: Sequence[Absence],
    at: datetime,
) -> str:
    """A few swaps and covers in shifts that have started or are frozen at `at`."""
    free = Availability(team, absences)
    zone = ZoneInfo(team.zone)
    settled = [s for s in shifts if s.start < at + freeze_of(team) - timedelta(days=1)]
    used: set[date] = set()
    swaps: list[tuple[date, str]] = []
    attempts = 0
    wanted = rnd.randint(3, 6)
    while len(swaps) < wanted and attempts < 400:
        attempts += 1
        i = rnd.randrange(len(settled))
        j = i + rnd.randint(1, 8)
        if j >= len(settled):
            continue
        one, two = settled[i], settled[j]
        if one.shift in used or two.shift in used:
            continue
        role = rnd.choice(("primary", "secondary"))
        other = "secondary" if role == "primary" else "primary"
        a, b = one.roles.get(role), two.roles.get(role)
        if a is None or b is None or a == b:
            continue
        if one.roles.get(other) == b or two.roles.get(other) == a:
            continue
        if not (free.free(b, one.start, one.end) and free.free(a, two.start, two.end)):
            continue
        used.update((one.shift, two.shift))
        reason = rnd.choice(("holidays", "conference", "family event", "moving house", "exam"))
        swaps.append(
            (
                one.shift,
                flow(
                    role=role,
                    shifts=[one.shift, two.shift],
                    members=[a, b],
                    reason=f"{a} away: {reason}" if rnd.random() < 0.5 else reason,
                ),
            )
        )
    covers: list[tuple[datetime, str]] = []
    attempts = 0
    wanted = rnd.randint(2, 4)
    while len(covers) < wanted and attempts < 400:
        attempts += 1
        shift = rnd.choice(settled)
        if shift.shift in used:
            continue
        role = rnd.choice(("primary", "secondary"))
        held = shift.roles.get(role)
        partner = shift.roles.get("secondary" if role == "primary" else "primary")
        who = rnd.choice(team.members).id
        if held is None or who in (held, partner):
            continue
        local_start = shift.start.astimezone(zone).replace(tzinfo=None)
        local_end = shift.end.astimezone(zone).replace(tzinfo=None)
        hours = int((local_end - local_start).total_seconds() // 3600)
        begin = (local_start + timedelta(hours=rnd.randint(1, max(1, hours - 6)))).replace(minute=0)
        finish = begin + timedelta(hours=rnd.choice((3, 5, 8, 24)))
        # Wall-clock times read in the handoff zone: keep clear of the small hours, where
        # a DST change can make one missing or ambiguous.
        if finish >= local_end or begin.hour < 5 or finish.hour < 5:
            continue
        aware_begin, aware_end = begin.replace(tzinfo=zone), finish.replace(tzinfo=zone)
        if not free.free(who, aware_begin, aware_end):
            continue
        used.add(shift.shift)
        reason = rnd.choice(("appointment", "sick", "school pick-up", "flight", "family"))
        covers.append(
            (
                aware_begin,
                flow(
                    role=role,
                    start=Raw(f'"{begin:%Y-%m-%dT%H:%M}"'),
                    end=Raw(f'"{finish:%Y-%m-%dT%H:%M}"'),
                    member=who,
                    replaces=held,
                    reason=reason,
                ),
            )
        )
    text = envelope("Overrides", "overrides", f"{team.rotation}-overrides")
    text += f"spec:\n  rotation: {team.rotation}\n"
    # In date order, as a team's file grows; none touches another's shifts.
    text += "  swaps:\n" if swaps else "  swaps: []\n"
    text += "".join(f"    - {line}\n" for _, line in sorted(swaps))
    text += "  covers:\n" if covers else "  covers: []\n"
    text += "".join(f"    - {line}\n" for _, line in sorted(covers))
    return text


# The workspace --------------------------------------------------------------------------


@dataclass(frozen=True)
class OrgSize:
    members: int = 200
    rotations: int = 20
    runbooks: int = 1000
    years: int = 3


def planning_instant(years: int) -> datetime:
    """`at` such that each lock runs from the rotation's start over `years` years."""
    end = START + timedelta(days=365 * years)
    return datetime.combine(end - timedelta(weeks=HORIZON_WEEKS), time(12), tzinfo=UTC)


def opsbook_command() -> list[str]:
    """The `opsbook` console script of this interpreter's environment."""
    script = Path(sys.executable).with_name("opsbook")
    if script.exists():
        return [str(script)]
    return [
        sys.executable,
        "-c",
        "import sys; from opsbook.cli.entry import main; sys.exit(main())",
    ]


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def _run(args: list[str]) -> None:
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(
            f"{' '.join(args)} exited {done.returncode}:\n"
            f"{done.stdout[-3000:]}{done.stderr[-3000:]}"
        )


def generate(out: Path, size: OrgSize = OrgSize(), seed: int = 9, plan: bool = True) -> datetime:
    """Write the organisation's workspace into `out`; returns its planning instant."""
    if size.years < 1 or size.rotations < 1 or size.members < 4 * size.rotations:
        raise SystemExit("expected --years >= 1 and at least 4 members per rotation")
    if out.exists() and any(out.iterdir()):
        raise SystemExit(f"{out} is not empty; expected a new or empty folder")
    rnd = random.Random(seed)
    at = planning_instant(size.years)
    today = at.date()
    teams = plan_teams(rnd, size.members, size.rotations, today)
    _write(out / "opsbook.yaml", workspace_yaml(seed, size))
    _write(out / "mkdocs.yml", mkdocs_yaml(at))
    _write(out / "docs" / "about.md", about_md(size, seed))
    absences: dict[str, list[Absence]] = {}
    for team in teams:
        absences[team.name] = time_off(rnd, team, size.years)
        _write(out / "rotation" / f"{team.domain}-team.yaml", team_yaml(team))
        _write(out / "rotation" / f"{team.rotation}.yaml", rotation_yaml(team))
        _write(
            out / "rotation" / f"{team.domain}-time-off.yaml",
            time_off_yaml(team, absences[team.name]),
        )
    for name, text in policies_yaml(teams):
        _write(out / "runbooks" / "escalation" / f"{name}.yaml", text)
    by_team: dict[str, list[RunbookPlan]] = {}
    for index, (team, name) in enumerate(runbook_names(rnd, teams, size.runbooks)):
        tier = TIER_CYCLE[index % len(TIER_CYCLE)]
        text = runbook_yaml(rnd, team, name, tier, today)
        _write(out / "runbooks" / team.folder / f"{name}.yaml", text)
        by_team.setdefault(team.name, []).append(RunbookPlan(name, team, tier, text))
    for team in teams:
        _write(
            out / "runbooks" / team.folder / "ownership.yaml",
            ownership_yaml(rnd, team, by_team.get(team.name, []), today),
        )
    if not plan:
        return at
    stamp = at.isoformat()
    _run([*opsbook_command(), "plan", "--root", str(out), "--at", stamp])
    for team in teams:
        shifts = read_lock(out / "rotation" / f"{team.rotation}.lock.yaml")
        _write(
            out / "rotation" / f"{team.rotation}-overrides.yaml",
            overrides_yaml(rnd, team, shifts, absences[team.name], at),
        )
    # Record the swaps and covers in the locks, as `opsbook swap`/`cover` would have.
    _run([*opsbook_command(), "plan", "--root", str(out), "--at", stamp])
    _run([*opsbook_command(), "validate", "--root", str(out)])
    # The schemas the files' `$schema` lines point at (and check-jsonschema reads).
    _run([*opsbook_command(), "schema", "--out", str(out / "schemas")])
    return at


def workspace_yaml(seed: int, size: OrgSize) -> str:
    return (
        SCHEMA_LINE.format(up="", kind="workspace")
        + "apiVersion: opsbook/v1\nkind: Workspace\nmetadata:\n  name: synthetic-org\n"
        f"  title: Synthetic organisation ({size.members} engineers, seed {seed})\n"
        "spec:\n  dialect: duckdb\n  site:\n"
        '    url: "https://ops.example.com/"\n'
        '    repo_url: "https://git.example.com/data/ops"\n'
        '    edit_uri: "edit/main/"\n'
    )


def mkdocs_yaml(at: datetime) -> str:
    """The example workspace's site configuration, with `at` fixed for a repeatable build."""
    return (
        "site_name: Data operations\n"
        "site_url: https://ops.example.com/\n"
        "repo_url: https://git.example.com/data/ops\n"
        "edit_uri: edit/main/docs/\n"
        "docs_dir: docs\n"
        "use_directory_urls: false\n"
        "strict: true\n"
        "theme:\n  name: material\n  font: false\n  features:\n"
        "    - navigation.sections\n    - navigation.top\n    - navigation.indexes\n"
        "    - content.code.copy\n    - content.action.edit\n    - search.highlight\n"
        "plugins:\n  - search\n  - tags\n  - opsbook:\n      root: .\n      weeks: 12\n"
        f'      at: "{at.isoformat()}"\n'
        "markdown_extensions:\n  - admonition\n  - attr_list\n  - tables\n"
        "  - toc:\n      permalink: true\n  - pymdownx.details\n"
        "  - pymdownx.highlight:\n      anchor_linenums: true\n  - pymdownx.superfences\n"
        "  - pymdownx.tabbed:\n      alternate_style: true\n"
    )


def about_md(size: OrgSize, seed: int) -> str:
    return (
        "# About this site\n\n"
        f"A synthetic organisation generated by `benchmarks/make_org.py --seed {seed}`: "
        f"{size.members} engineers in {size.rotations} teams, {size.runbooks} runbooks, "
        f"{size.years} years of on-call.\n"
    )


def iter_files(root: Path) -> Iterator[Path]:
    """Every file under `root`, sorted (for comparing two generated workspaces)."""
    yield from sorted(p for p in root.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write (new or empty)")
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--rotations", type=int, default=20, help="teams, one rotation each")
    parser.add_argument("--runbooks", type=int, default=1000)
    parser.add_argument("--years", type=int, default=3, help="length of each lock")
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument(
        "--no-plan", action="store_true", help="write the inputs only: no locks, no overrides"
    )
    args = parser.parse_args(argv)
    size = OrgSize(args.members, args.rotations, args.runbooks, args.years)
    at = generate(args.out, size, args.seed, plan=not args.no_plan)
    files = sum(1 for _ in iter_files(args.out))
    print(f"wrote {files} files to {args.out}")
    print(f"at: {at.isoformat()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
