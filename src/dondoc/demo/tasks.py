"""Demo tasks for Lạng Sơn from 2020 to today, created through the same services as the UI.

Three stories reproduce the figures of the seed news items through the counting rules (never from
constants): Cao Lộc's first half of 2020, Tràng Định's first nine months of 2022, and Cao Lộc's
own key tasks. Around them, seeded random histories for every district, department and new commune.
Every task has a stable code (`demo-…`), so loading the demo again adds nothing.

The 2025 reforms are recorded as an office records a reorganisation (organisations/reorganisation.py):
each task is played up to its lead unit's end, the reform hands over what was open by events
effective on the reform's day, and the successor plays the rest of the task's story.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from dondoc.accounts.models import User
from dondoc.core.dates import replaying, today
from dondoc.demo.contents import CONTENTS, KEY_CONTENTS, LATENESS, PROGRESS_NOTES, RESULTS
from dondoc.demo.people import OTHER_VICE_CHAIRMAN_NAME, VICE_CHAIRMAN_NAME
from dondoc.demo.units import DEPARTMENTS_MERGED, DISTRICTS_ABOLISHED, INHERITING_ONLY, reform_rows
from dondoc.documents.models import Document, DocumentKind, Signer
from dondoc.organisations import reorganisation
from dondoc.organisations.models import Reorganisation, Unit
from dondoc.organisations.reorganisation import Plan as ReorganisationPlan
from dondoc.organisations.reorganisation import Row
from dondoc.tasks import services
from dondoc.tasks.models import Field, Source, Task

D = dt.date
Step = tuple[dt.date, str, dict[str, object]]


@dataclass
class Plan:
    code: str
    assigner: str
    lead: str
    assigned: dt.date
    deadline: dt.date | None
    title: str
    topic: Field = Field.OTHER
    is_key: bool = False
    assigned_by: str = Signer.CHAIRMAN
    assigned_by_name: str = ""  # a vice chairman's name (vice_chairman_name)
    source: str = Source.DIRECTIVE
    coordinating: tuple[str, ...] = ()
    steps: list[Step] = dataclasses.field(default_factory=list)
    parent: str | None = None


def vice_chairman_name(n: int) -> str:
    """Which vice chairman assigned the n-th task a vice chairman assigned: most are the demo's
    (phochutich), every third another's (no random draw: the demo's histories stay the same)."""
    return OTHER_VICE_CHAIRMAN_NAME if n % 3 == 2 else VICE_CHAIRMAN_NAME


def done(c: dt.date, f: dt.date | None = None, late: bool = False) -> list[Step]:
    report: dict[str, object] = {"lateness_reason": LATENESS[c.day % len(LATENESS)]} if late else {}
    return [(c, "report", report), (f or c + dt.timedelta(days=2), "confirm", {})]


# --- Story 1: Cao Lộc, tasks from the provincial committee, first half of 2020, as of 19/06/2020 ---
# 13 assigned: 4 ahead, 5 late, 4 in progress within deadline. One more was cancelled.
_CAO_LOC_2020: list[tuple[dt.date, dt.date, list[Step], int]] = [
    (D(2020, 1, 8), D(2020, 2, 28), done(D(2020, 2, 20)), 0),
    (D(2020, 1, 15), D(2020, 3, 31), done(D(2020, 3, 25)), 1),
    (D(2020, 2, 12), D(2020, 4, 30), done(D(2020, 4, 22), D(2020, 4, 28)), 2),
    (D(2020, 3, 4), D(2020, 5, 15), done(D(2020, 5, 8)), 3),
    (D(2020, 1, 8), D(2020, 3, 15), done(D(2020, 3, 27), late=True), 4),
    (D(2020, 1, 22), D(2020, 3, 31), done(D(2020, 4, 14), late=True), 5),
    (
        D(2020, 2, 12),
        D(2020, 4, 15),
        [
            (
                D(2020, 4, 6),
                "request",
                {"deadline": D(2020, 5, 15), "reason": "Chờ thẩm định hồ sơ"},
            ),
            (D(2020, 4, 9), "approve", {}),
            *done(D(2020, 5, 29), D(2020, 6, 2), late=True),
        ],
        6,
    ),
    (D(2020, 3, 18), D(2020, 5, 10), done(D(2020, 5, 26), late=True), 7),
    (D(2020, 4, 1), D(2020, 5, 29), done(D(2020, 6, 10), D(2020, 6, 15), late=True), 8),
    (
        D(2020, 4, 15),
        D(2020, 6, 30),
        [
            (D(2020, 5, 20), "progress", {"percent": 60}),
            (D(2020, 7, 3), "report", {"lateness_reason": LATENESS[0]}),
            (D(2020, 7, 6), "confirm", {}),
        ],
        9,
    ),
    (
        D(2020, 5, 6),
        D(2020, 6, 15),
        [
            (
                D(2020, 6, 8),
                "request",
                {"deadline": D(2020, 7, 31), "reason": "Cần thêm thời gian lấy ý kiến"},
            ),
            (D(2020, 6, 11), "approve", {}),
            (D(2020, 7, 24), "report", {}),
            (D(2020, 7, 28), "confirm", {}),
        ],
        10,
    ),
    (
        D(2020, 5, 20),
        D(2020, 8, 31),
        [
            (D(2020, 6, 1), "report", {}),
            (D(2020, 6, 5), "return", {"reason": "Báo cáo chưa đủ số liệu, đề nghị bổ sung"}),
            (D(2020, 8, 20), "report", {}),
            (D(2020, 8, 25), "confirm", {}),
        ],
        11,
    ),
    (
        D(2020, 6, 3),
        D(2020, 9, 30),
        [(D(2020, 6, 17), "progress", {"percent": 30}), *done(D(2020, 10, 12), late=True)],
        12,
    ),
]

# --- Story 2: Tràng Định, 2022, as of 23/09/2022: 11 tasks with a deadline, all done on time ---
_TRANG_DINH_2022: list[tuple[dt.date, dt.date, list[Step]]] = [
    (D(2022, 1, 10), D(2022, 3, 31), done(D(2022, 3, 20))),
    (D(2022, 1, 24), D(2022, 2, 28), done(D(2022, 2, 28))),
    (D(2022, 2, 14), D(2022, 4, 30), done(D(2022, 4, 25))),
    (D(2022, 3, 7), D(2022, 5, 31), done(D(2022, 5, 31), D(2022, 6, 3))),
    (D(2022, 3, 21), D(2022, 6, 15), done(D(2022, 6, 10))),
    (
        D(2022, 4, 11),
        D(2022, 6, 30),
        [
            (
                D(2022, 6, 20),
                "request",
                {"deadline": D(2022, 7, 31), "reason": "Chờ kết quả đấu thầu"},
            ),
            (D(2022, 6, 22), "approve", {}),
            *done(D(2022, 7, 29)),
        ],
    ),
    (D(2022, 5, 9), D(2022, 7, 15), done(D(2022, 7, 15))),
    (D(2022, 6, 6), D(2022, 8, 31), done(D(2022, 8, 18))),
    (D(2022, 7, 4), D(2022, 9, 15), done(D(2022, 9, 9))),
    (D(2022, 7, 25), D(2022, 9, 30), done(D(2022, 9, 16), D(2022, 9, 20))),
    (D(2022, 8, 15), D(2022, 9, 30), done(D(2022, 9, 19), D(2022, 9, 21))),
]

# --- Story 3: Cao Lộc district's own 16 key tasks, first half of 2020: on schedule ---
_CAO_LOC_DIVISIONS = [
    "cao-loc-tai-chinh-ke-hoach",
    "cao-loc-kinh-te-ha-tang",
    "cao-loc-nong-nghiep",
    "cao-loc-tai-nguyen-moi-truong",
    "cao-loc-giao-duc",
    "cao-loc-lao-dong",
    "cao-loc-noi-vu",
    "cao-loc-tt-dong-dang",
]


def _story_plans() -> list[Plan]:
    plans: list[Plan] = []
    for n, (assigned, deadline, steps, content) in enumerate(_CAO_LOC_2020):
        title, topic = CONTENTS[content * 2 % len(CONTENTS)]
        plans.append(
            Plan(
                f"demo-cl20-{n + 1:02d}",
                "lang-son",
                "cao-loc",
                assigned,
                deadline,
                title.format(year=2020),
                topic,
                coordinating=("so-tai-chinh",) if n % 3 == 0 else (),
                assigned_by=Signer.VICE_CHAIRMAN if n % 2 else Signer.CHAIRMAN,
                assigned_by_name=vice_chairman_name(n) if n % 2 else "",
                steps=steps,
            )
        )
    plans.append(
        Plan(
            "demo-cl20-huy",
            "lang-son",
            "cao-loc",
            D(2020, 3, 2),
            D(2020, 5, 30),
            "Khảo sát địa điểm xây dựng chợ đầu mối nông sản (đã được thay thế bằng nhiệm vụ khác)",
            Field.ECONOMY,
            steps=[
                (D(2020, 4, 10), "cancel", {"reason": "Nội dung được lồng ghép vào kế hoạch chung"})
            ],
        )
    )
    for n, (assigned, deadline, steps) in enumerate(_TRANG_DINH_2022):
        title, topic = CONTENTS[(n * 5 + 1) % len(CONTENTS)]
        plans.append(
            Plan(
                f"demo-td22-{n + 1:02d}",
                "lang-son",
                "trang-dinh",
                assigned,
                deadline,
                title.format(year=2022),
                topic,
                steps=steps,
            )
        )
    for n, title in enumerate(KEY_CONTENTS):
        assigned = D(2020, 1, 6) + dt.timedelta(days=9 * n)
        lead = _CAO_LOC_DIVISIONS[n % len(_CAO_LOC_DIVISIONS)]
        if n < 7:
            deadline = assigned + dt.timedelta(days=45)
            steps = done(deadline - dt.timedelta(days=n % 3), deadline + dt.timedelta(days=1))
        else:
            deadline = D(2020, 6, 30) + dt.timedelta(days=30 * (n - 7))
            steps = [
                (
                    min(assigned + dt.timedelta(days=40), D(2020, 6, 15)),
                    "progress",
                    {"percent": 40 + n},
                ),
                # Finished on time, long before the district ended with its divisions.
                *done(deadline - dt.timedelta(days=5)),
            ]
        plans.append(
            Plan(
                f"demo-clkey20-{n + 1:02d}",
                "cao-loc",
                lead,
                assigned,
                deadline,
                title,
                is_key=True,
                assigned_by=Signer.CHAIRMAN,
                source=Source.PLAN,
                steps=steps,
            )
        )
    # Cao Lộc passes one provincial task down to two of its divisions.
    for n, lead in enumerate(["cao-loc-kinh-te-ha-tang", "cao-loc-tai-nguyen-moi-truong"]):
        plans.append(
            Plan(
                f"demo-cl20-13-con-{n + 1}",
                "cao-loc",
                lead,
                D(2020, 6, 5),
                D(2020, 9, 15),
                "Phối hợp thực hiện: " + CONTENTS[24][0],
                Field.INTERNAL,
                assigned_by=Signer.HEAD,
                source=Source.PLAN,
                parent="demo-cl20-13",
                steps=done(D(2020, 9, 1 + 5 * n)),
            )
        )
    return plans


# --- Random histories around the stories ---

_BUSY_PERIODS = {("cao-loc", 2020), ("trang-dinh", 2022)}  # the stories own these years


def _random_steps(
    rng: random.Random, assigned: dt.date, deadline: dt.date | None, end: dt.date
) -> list[Step]:
    roll = rng.random()
    if deadline is None:
        if roll < 0.5:
            return [
                (assigned + dt.timedelta(days=20), "progress", {"percent": 50}),
                *done(assigned + dt.timedelta(days=rng.randint(40, 200))),
            ]
        return [(assigned + dt.timedelta(days=30), "progress", {"percent": 30})]
    span = (deadline - assigned).days
    if roll < 0.35:
        return done(
            assigned + dt.timedelta(days=rng.randint(span // 2, max(span // 2, span - 1))), None
        )
    if roll < 0.45:
        return done(deadline, deadline + dt.timedelta(days=rng.randint(1, 6)))
    if roll < 0.65:
        return [
            (assigned + dt.timedelta(days=span // 2), "progress", {"percent": 50}),
            *done(deadline + dt.timedelta(days=rng.randint(3, 45)), late=True),
        ]
    if roll < 0.75:
        new = deadline + dt.timedelta(days=rng.choice([15, 30, 45]))
        asked = deadline - dt.timedelta(days=rng.randint(3, 10))
        steps: list[Step] = [
            (asked, "request", {"deadline": new, "reason": LATENESS[rng.randrange(3)]}),
            (asked + dt.timedelta(days=2), "approve", {}),
        ]
        if rng.random() < 0.7:
            steps += done(new - dt.timedelta(days=rng.randint(0, 10)))
        return steps
    if roll < 0.78:
        first = deadline - dt.timedelta(days=5)
        return [
            (first, "report", {}),
            (first + dt.timedelta(days=2), "confirm", {}),
            (
                first + dt.timedelta(days=4),
                "return",
                {"reason": "Kết quả chưa đạt yêu cầu, đề nghị tiếp tục thực hiện"},
            ),
            *done(deadline + dt.timedelta(days=rng.randint(5, 20)), late=True),
        ]
    if roll < 0.80:
        return [
            (
                assigned + dt.timedelta(days=rng.randint(5, 20)),
                "cancel",
                {"reason": "Không còn phù hợp với tình hình thực tế"},
            )
        ]
    if roll < 0.85 and end - dt.timedelta(days=60) < deadline < end:
        return [(deadline - dt.timedelta(days=3), "report", {})]  # awaiting confirmation
    steps = [
        (
            assigned + dt.timedelta(days=max(1, span // 3)),
            "progress",
            {"percent": rng.choice([20, 40, 60, 80])},
        )
    ]
    if deadline < end - dt.timedelta(days=120):  # old tasks get done in the end, late
        steps += done(deadline + dt.timedelta(days=rng.randint(10, 90)), late=True)
    return steps


def _random_plans(units: dict[str, Unit]) -> list[Plan]:
    rng = random.Random(20200619)
    end = today()
    plans: list[Plan] = []
    for unit in sorted(units.values(), key=lambda u: u.code):
        if unit.parent is None or unit.parent.code != "lang-son" or unit.kind == "office":
            continue
        if unit.code in INHERITING_ONLY:
            continue
        first = max(D(2020, 1, 6), unit.valid_from or D(2020, 1, 6))
        last = min(end - dt.timedelta(days=3), unit.valid_to or end)
        per_year = 6 if unit.kind == "commune" else 4
        for year in range(first.year, last.year + 1):
            if (unit.code, year) in _BUSY_PERIODS:
                continue
            for n in range(per_year):
                start = max(first, D(year, 1, 6))
                stop = min(last, D(year, 12, 20))
                if stop <= start:
                    continue
                assigned = start + dt.timedelta(days=rng.randint(0, (stop - start).days))
                while assigned.weekday() >= 5:
                    assigned -= dt.timedelta(days=1)
                assigned = max(assigned, first)
                deadline = (
                    None
                    if rng.random() < 0.05
                    else assigned + dt.timedelta(days=rng.choice([15, 30, 45, 60, 90]))
                )
                title, topic = rng.choice(CONTENTS)
                # Steps after the unit's end are its successor's (the reform hands the task over).
                steps = [s for s in _random_steps(rng, assigned, deadline, end) if s[0] <= end]
                coordinating = (
                    (rng.choice(["so-tai-chinh", "so-xay-dung", "so-noi-vu"]),)
                    if rng.random() < 0.3
                    else ()
                )
                # Drawn in the order the plan's fields were before names were given (is_key
                # first), so the demo's random histories stay the same.
                is_key = rng.random() < 0.1
                signer = rng.choice([Signer.CHAIRMAN, Signer.VICE_CHAIRMAN, Signer.COMMITTEE])
                plans.append(
                    Plan(
                        f"demo-{unit.code}-{year}-{n + 1}",
                        "lang-son",
                        unit.code,
                        assigned,
                        deadline,
                        title.format(year=year),
                        topic,
                        is_key=is_key,
                        assigned_by=signer,
                        assigned_by_name=vice_chairman_name(n)
                        if signer == Signer.VICE_CHAIRMAN
                        else "",
                        source=Source.PETITION if "cử tri" in title else Source.DIRECTIVE,
                        coordinating=tuple(c for c in coordinating if c != unit.code),
                        steps=steps,
                    )
                )
    plans += _live_plans(rng, end)
    return plans + _border_commune_plans()


def _border_commune_plans() -> list[Plan]:
    """Tasks the province gave Cao Lộc's border communes in 2025, open when the communes merged
    into Đồng Đăng on 1 July 2025, which Đồng Đăng then carried on."""
    plans = []
    leads = ["cao-loc-tt-dong-dang", "cao-loc-xa-thuy-hung", "cao-loc-xa-bao-lam"]
    for n, lead in enumerate(leads):
        assigned = D(2025, 3, 10) + dt.timedelta(days=14 * n)
        deadline = D(2025, 8, 29) + dt.timedelta(days=14 * n)
        title, topic = CONTENTS[(n * 11 + 2) % len(CONTENTS)]
        steps: list[Step] = [
            (assigned + dt.timedelta(days=30), "progress", {"percent": 30}),
            (D(2025, 6, 16), "progress", {"percent": 50}),
        ]
        if n == 0:  # carried on by Đồng Đăng: an extension, then done
            steps += [
                (D(2025, 8, 20), "request", {"deadline": D(2025, 10, 31), "reason": LATENESS[1]}),
                (D(2025, 8, 22), "approve", {}),
                (D(2025, 9, 15), "progress", {"percent": 80}),
            ]
        elif n == 1:
            steps += done(D(2025, 9, 5), late=deadline < D(2025, 9, 5))
        plans.append(
            Plan(
                f"demo-bien-gioi-2025-{n + 1}",
                "lang-son",
                lead,
                assigned,
                deadline,
                title.format(year=2025),
                topic,
                coordinating=("so-cong-thuong",),
                steps=steps,
            )
        )
    plans.append(
        Plan(
            "demo-bien-gioi-2025-4",
            "lang-son",
            "cao-loc-tt-dong-dang",
            D(2025, 5, 12),
            None,
            "Duy trì trật tự, vệ sinh khu vực chợ cửa khẩu Đồng Đăng (thường xuyên)",
            Field.OTHER,
            steps=[(D(2025, 6, 2), "progress", {"percent": 40})],
        )
    )
    return plans


def _live_plans(rng: random.Random, end: dt.date) -> list[Plan]:
    """Tasks around today, so that inboxes and the office queue have work in them."""
    leads = [
        "so-tai-chinh",
        "so-xay-dung",
        "xa-dong-dang",
        "xa-cao-loc",
        "so-nong-nghiep-moi-truong",
        "xa-that-khe",
    ]
    plans = []
    for n, lead in enumerate(leads):
        tag = f"{end:%Y%m%d}-{n}"
        title, topic = CONTENTS[(n * 7) % len(CONTENTS)]
        plans += [
            Plan(
                f"demo-live-{tag}-overdue",
                "lang-son",
                lead,
                end - dt.timedelta(days=50),
                end - dt.timedelta(days=4),
                title.format(year=end.year),
                topic,
                steps=[(end - dt.timedelta(days=20), "progress", {"percent": 70})],
            ),
            Plan(
                f"demo-live-{tag}-soon",
                "lang-son",
                lead,
                end - dt.timedelta(days=25),
                end + dt.timedelta(days=3),
                CONTENTS[(n * 7 + 3) % len(CONTENTS)][0].format(year=end.year),
                topic,
                is_key=n % 2 == 0,
            ),
            Plan(
                f"demo-live-{tag}-report",
                "lang-son",
                lead,
                end - dt.timedelta(days=40),
                end + dt.timedelta(days=10),
                CONTENTS[(n * 7 + 5) % len(CONTENTS)][0].format(year=end.year),
                topic,
                steps=[(end - dt.timedelta(days=1), "report", {})],
            ),
            Plan(
                f"demo-live-{tag}-extend",
                "lang-son",
                lead,
                end - dt.timedelta(days=30),
                end + dt.timedelta(days=6),
                CONTENTS[(n * 7 + 6) % len(CONTENTS)][0].format(year=end.year),
                topic,
                steps=[
                    (
                        end - dt.timedelta(days=2),
                        "request",
                        {"deadline": end + dt.timedelta(days=36), "reason": LATENESS[n % 3]},
                    )
                ],
            ),
        ]
    return plans


# --- Playing a plan through the services ---


class _Context:
    def __init__(self) -> None:
        self.units = {u.code: u for u in Unit.objects.select_related("parent")}
        self.office = User.objects.get(username="vanphong")
        self.district_office = User.objects.get(username="vanphong.caoloc")
        self.leads = {
            u.unit.code: u
            for u in User.objects.filter(role__in=["unit_head"]).select_related("unit")
            if u.unit
        }
        self.documents: dict[tuple[str, int, int], Document] = {}
        self.numbers: dict[tuple[str, int], int] = {}

    def document(self, assigner: Unit, day: dt.date) -> Document:
        """One conclusion notice per assigner and month, numbered in order within the year."""
        key = (assigner.code, day.year, day.month)
        if key not in self.documents:
            seq = self.numbers[(assigner.code, day.year)] = (
                self.numbers.get((assigner.code, day.year), day.month * 9) + 1
            )
            suffix = "TB-UBND"
            issued = D(day.year, day.month, 1) if day.day > 1 else day
            self.documents[key], _ = Document.objects.get_or_create(
                issuer=assigner,
                number=f"{seq}/{suffix}",
                issued_on=min(issued, day),
                defaults={
                    "kind": DocumentKind.CONCLUSION_NOTICE,
                    "signer": Signer.CHAIRMAN,
                    "summary": f"Kết luận của Chủ tịch {assigner.short_name} tại phiên họp giao ban tháng {day.month}/{day.year}",
                },
            )
        return self.documents[key]


def _assign(
    plan: Plan, ctx: _Context, assigner: Unit, lead: Unit, parent: Task | None, actor: User
) -> Task:
    return services.task_assign(
        title=plan.title,
        assigner=assigner,
        lead_unit=lead,
        assigned_on=plan.assigned,
        deadline=plan.deadline,
        actor=actor,
        coordinating_units=[ctx.units[c] for c in plan.coordinating],
        assigned_by=plan.assigned_by,
        assigned_by_name=plan.assigned_by_name,
        source=plan.source,
        is_key=plan.is_key,
        field=plan.topic,
        document=ctx.document(assigner, plan.assigned) if plan.source == Source.DIRECTIVE else None,
        parent=parent,
        external_code=plan.code,
    )


def _start(plan: Plan, ctx: _Context) -> Task:
    assigner, lead = ctx.units[plan.assigner], ctx.units[plan.lead]
    parent = Task.objects.get(external_code=plan.parent) if plan.parent else None
    # The story is recorded as it was then, when the districts and their people still acted.
    with replaying(plan.assigned):
        return _assign(plan, ctx, assigner, lead, parent, _assigner_actor(plan, ctx))


def _assigner_actor(plan: Plan, ctx: _Context) -> User:
    return ctx.office if plan.assigner == "lang-son" else ctx.district_office


def _play(plan: Plan, task: Task, steps: list[Step], ctx: _Context) -> None:
    """Play `steps` of the plan on its task, each by the unit leading the task on its day."""
    assigner_actor = _assigner_actor(plan, ctx)
    task = Task.objects.select_related("current_lead_unit").get(pk=task.pk)
    doer = ctx.leads.get(task.current_lead_unit.code)
    actions: dict[str, Callable[..., object]] = {
        "progress": lambda on, percent: services.record(
            services.ReportProgress(
                on=on, percent=percent, text=PROGRESS_NOTES[percent % len(PROGRESS_NOTES)]
            ),
            task=task,
            actor=doer,
        ),
        "request": lambda on, deadline, reason: services.record(
            services.RequestExtension(on=on, new_deadline=deadline, reason=reason),
            task=task,
            actor=doer,
        ),
        "approve": lambda on: services.record(
            services.DecideExtension(on=on, approve=True), task=task, actor=assigner_actor
        ),
        "report": lambda on, lateness_reason="": services.record(
            services.ReportCompletion(
                on=on, result=RESULTS[on.day % len(RESULTS)], lateness_reason=lateness_reason
            ),
            task=task,
            actor=doer,
        ),
        "confirm": lambda on: services.record(
            services.ConfirmCompletion(on=on), task=task, actor=assigner_actor
        ),
        "return": lambda on, reason: services.record(
            services.ReturnCompletion(on=on, reason=reason), task=task, actor=assigner_actor
        ),
        "cancel": lambda on, reason: services.record(
            services.Cancel(on=on, reason=reason), task=task, actor=assigner_actor
        ),
    }
    end = today()
    for on, action, kwargs in steps:
        if on > end:
            break
        with replaying(on):
            actions[action](on, **kwargs)


# The 2025 reforms, recorded as an administrator records a reorganisation (the decisions'
# numbers are illustrative).
REFORMS = [
    (DEPARTMENTS_MERGED, "Nghị quyết của HĐND tỉnh về thành lập, tổ chức lại các sở (minh họa)"),
    (
        DISTRICTS_ABOLISHED,
        "Nghị quyết của UBTVQH về sắp xếp đơn vị hành chính cấp xã tỉnh Lạng Sơn năm 2025 (minh họa)",
    ),
]


def _record_reforms(ctx: _Context) -> None:
    """Record the 2025 reforms through the reorganisation service: the ending units' open tasks
    go to their successors by events effective on the reform's day; a district's open tasks are
    shared among its communes in turn (the one-to-many rule, as the preview's bulk choice)."""
    for day, decision in REFORMS:
        if Reorganisation.objects.filter(effective_on=day).exists():
            continue
        rows = tuple(Row(n + 1, *pair) for n, pair in enumerate(reform_rows(day)))
        plan = ReorganisationPlan(on=day, rows=rows, decision=decision)
        shown, found = reorganisation.preview(plan, actor=ctx.office)
        if shown is None:
            raise RuntimeError(f"the demo's reform of {day} has problems: {found}")
        for ending in shown.endings:
            shares: dict[str, list[str]] = {}
            for n, item in enumerate(ending.undecided):
                after = ending.successors[n % len(ending.successors)]
                shares.setdefault(after.code, []).append(str(item.task.pk))
            for after_code, tasks in shares.items():
                plan = plan.with_choices(ending.unit.code, after_code, tasks)
        reorganisation.apply(plan, actor=ctx.office)


def _last_day(plan: Plan, ctx: _Context) -> dt.date:
    """The last day the plan's lead unit acts (after it, its successor does)."""
    return ctx.units[plan.lead].valid_to or dt.date.max


def demo_load_tasks() -> int:
    """Create the demo tasks that do not exist yet; returns how many were created. The tasks are
    played up to their lead unit's end, then the reforms hand over what was open, then the
    successors play the rest."""
    ctx = _Context()
    existing = set(Task.objects.exclude(external_code="").values_list("external_code", flat=True))
    started: list[tuple[Plan, Task]] = []
    for plan in _story_plans() + _random_plans(ctx.units):
        if plan.code in existing:
            continue
        task = _start(plan, ctx)
        last = _last_day(plan, ctx)
        _play(plan, task, [s for s in plan.steps if s[0] <= last], ctx)
        started.append((plan, task))
    _record_reforms(ctx)
    for plan, task in started:
        last = _last_day(plan, ctx)
        rest = [s for s in plan.steps if s[0] > last]
        task.refresh_from_db()
        if rest and task.current_lead_unit_id != task.lead_unit_id:  # handed over
            _play(plan, task, rest, ctx)
    return len(started)
