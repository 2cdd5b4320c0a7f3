"""A seeded national dataset for the benchmark: 34 provinces, each with its committee, 20 departments
(each with one division, so that departments can hand parts of their tasks down) and 100 communes,
and tasks over ten years with the histories offices really record.

Rows are written in bulk (core.bulk: COPY on PostgreSQL, executemany on SQLite) but hold exactly what the
services would: events, the cached current state and the spans come from the same functions
(tasks.services: derived_state, span_values, search_text). The same seed and size give
the same rows on every machine and database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from dondoc.accounts.models import Role, User
from dondoc.core.bulk import insert_rows
from dondoc.core.text import fold
from dondoc.documents.models import Document, DocumentKind, Signer
from dondoc.organisations.models import Unit, UnitKind
from dondoc.tasks import rules
from dondoc.tasks.models import Field, Source, Task, TaskEvent, TaskSpan, Urgency
from dondoc.tasks.rules import Kind
from dondoc.tasks.services import SPAN_FIELDS, derived_state, search_text, span_values

GENERATOR_VERSION = 2  # raise when the generated rows change: datasets are keyed by it
SEED = 2026
PROVINCES = 34
DEPARTMENTS = 20
COMMUNES = 100
END = dt.date(2026, 10, 31)  # the last day of the generated history
START = dt.date(2016, 11, 1)  # ten years before
# What the measurements ask: the first nine months of 2026, as of their last day.
PERIOD = (dt.date(2026, 1, 1), dt.date(2026, 9, 30))
AS_OF = dt.date(2026, 9, 30)
OFFICE_USER = "bench.vanphong"  # the office of the first province
PASSWORD = "DonDoc@2026"  # noqa: S105  (the demo password, for looking around a bench database)

VERBS = ["Triển khai thực hiện", "Rà soát, đánh giá", "Tham mưu, đề xuất", "Kiểm tra, đôn đốc",
         "Hoàn thiện hồ sơ", "Tổ chức thực hiện", "Báo cáo kết quả", "Xây dựng kế hoạch",
         "Giải quyết dứt điểm", "Tăng cường quản lý"]  # fmt: skip
SUBJECTS = ["giải ngân vốn đầu tư công", "chuyển đổi số trong cơ quan nhà nước",
            "bồi thường, giải phóng mặt bằng", "phòng, chống dịch bệnh trên gia súc",
            "cải cách thủ tục hành chính", "xây dựng nông thôn mới",
            "quản lý đất đai, khoáng sản", "phát triển kinh tế cửa khẩu",
            "kiến nghị cử tri trước kỳ họp", "an toàn giao thông",
            "thu ngân sách nhà nước", "sắp xếp trụ sở, tài sản công",
            "phòng chống thiên tai, tìm kiếm cứu nạn", "chương trình mục tiêu quốc gia"]  # fmt: skip
PROVINCE_NAMES = ["Lạng Sơn", "Cao Bằng", "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ",
                  "Bắc Ninh", "Hưng Yên", "Hải Phòng", "Ninh Bình", "Quảng Trị", "Đà Nẵng",
                  "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "Hồ Chí Minh",
                  "Đồng Nai", "Tây Ninh", "Cần Thơ", "Vĩnh Long", "Đồng Tháp", "Cà Mau",
                  "An Giang", "Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La",
                  "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Quảng Ninh"]  # fmt: skip
DEPARTMENT_NAMES = ["Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính", "Sở Công Thương", "Sở Xây dựng",
                    "Sở Văn hóa, Thể thao và Du lịch", "Sở Khoa học và Công nghệ",
                    "Sở Giáo dục và Đào tạo", "Sở Y tế", "Sở Ngoại vụ",
                    "Sở Nông nghiệp và Môi trường", "Sở Dân tộc và Tôn giáo", "Thanh tra tỉnh",
                    "Văn phòng UBND tỉnh", "Ban Quản lý Khu kinh tế", "Công an tỉnh",
                    "Bộ Chỉ huy Quân sự tỉnh", "Đài Phát thanh và Truyền hình",
                    "Ban Quản lý dự án đầu tư xây dựng", "Trung tâm Phục vụ hành chính công"]  # fmt: skip


def dataset_key(tasks: int) -> str:
    """Names a dataset by its size, the generator and the database schema (every migration)."""
    migrations = sorted(f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations)
    digest = hashlib.sha256(f"{GENERATOR_VERSION}|{SEED}|{'|'.join(migrations)}".encode())
    return f"{tasks}-{digest.hexdigest()[:10]}"


# --- Writing rows in bulk -------------------------------------------------------------------------


class Table:
    """Rows for one model's table, buffered and written in batches (core.bulk.insert_rows)."""

    def __init__(self, model: Any, columns: Sequence[str]) -> None:
        self.model = model
        self.columns = list(columns)
        self.rows: list[tuple[Any, ...]] = []
        self.written = 0

    def add(self, *row: Any) -> None:
        self.rows.append(row)

    def extend(self, rows: Iterable[tuple[Any, ...]]) -> None:
        self.rows.extend(rows)

    def flush(self) -> None:
        insert_rows(self.model, self.columns, self.rows)
        self.written += len(self.rows)
        self.rows = []


# --- The organisation tree ------------------------------------------------------------------------


@dataclass
class Province:
    committee: Unit
    departments: list[Unit]
    divisions: dict[int, Unit]  # department id → its division
    communes: list[Unit]
    documents: dict[tuple[int, dt.date], tuple[int, str]] = field(default_factory=dict)


def build_units() -> list[Province]:
    """The national tree through Unit.save (paths and search names as the UI makes them)."""
    provinces = []
    for p, name in enumerate(PROVINCE_NAMES[:PROVINCES], start=1):
        code = f"tinh-{p:02d}"
        committee = Unit(code=code, name=f"UBND tỉnh {name}", short_name=f"UBND tỉnh {name}",
                         kind=UnitKind.PROVINCE, sort_order=p)  # fmt: skip
        committee.save()
        departments, divisions, communes = [], {}, []
        for d, dept_name in enumerate(DEPARTMENT_NAMES[:DEPARTMENTS], start=1):
            dept = Unit(code=f"{code}-so-{d:02d}", name=f"{dept_name} tỉnh {name}",
                        short_name=dept_name, kind=UnitKind.DEPARTMENT, parent=committee,
                        sort_order=d)  # fmt: skip
            dept.save()
            division = Unit(code=f"{dept.code}-vp", name=f"Văn phòng {dept_name} tỉnh {name}",
                            short_name=f"Văn phòng {dept_name}", kind=UnitKind.DIVISION,
                            parent=dept)  # fmt: skip
            division.save()
            departments.append(dept)
            divisions[dept.pk] = division
        for c in range(1, COMMUNES + 1):
            kind = "Phường" if c % 7 == 0 else "Xã"
            commune = Unit(code=f"{code}-xa-{c:03d}", name=f"{kind} {name} {c}",
                           short_name=f"{kind} {c}", kind=UnitKind.COMMUNE, parent=committee,
                           sort_order=100 + c)  # fmt: skip
            commune.save()
            communes.append(commune)
        provinces.append(Province(committee, departments, divisions, communes))
    return provinces


# --- Task histories -------------------------------------------------------------------------------

# An event as generated: kind, effective day, new deadline, unit, percent.
Step = tuple[Kind, dt.date, dt.date | None, int | None, int | None]


def _days(rng: random.Random, low: int, high: int) -> dt.timedelta:
    return dt.timedelta(days=rng.randint(low, high))


def life(
    rng: random.Random, assigned: dt.date, deadline: dt.date | None, others: Sequence[int]
) -> list[Step]:
    """A task's events after its assignment, up to END: what offices record, in their proportions
    (about 10% extended, 20% of completions late, 3% returned once, 2% cancelled)."""
    steps: list[Step] = []
    if rng.random() < 0.5:
        steps.append((Kind.ACKNOWLEDGED, assigned + _days(rng, 0, 3), None, None, None))
    in_force = deadline
    decided = assigned
    span = (deadline - assigned).days if deadline else 120
    if deadline and rng.random() < 0.13:
        asked = assigned + _days(rng, 1, max(1, span))
        steps.append((Kind.EXTENSION_REQUESTED, asked, deadline + _days(rng, 15, 90), None, None))
        decided = asked + _days(rng, 1, 7)
        if rng.random() < 0.8:
            in_force = steps[-1][2]
            steps.append((Kind.EXTENSION_APPROVED, decided, in_force, None, None))
        else:
            steps.append((Kind.EXTENSION_REFUSED, decided, None, None, None))
    if rng.random() < 0.01 and others:
        steps.append(
            (Kind.LEAD_CHANGED, assigned + _days(rng, 2, 30), None, rng.choice(others), None)
        )
    for percent in sorted(rng.sample(range(10, 95, 5), rng.choice((0, 0, 0, 1, 2)))):
        steps.append((Kind.PROGRESS, assigned + _days(rng, 1, max(1, span)), None, None, percent))
    if rng.random() < 0.02:
        cancelled = assigned + _days(rng, 5, 200)
        steps = [s for s in steps if s[1] < cancelled]
        steps.append((Kind.CANCELLED, cancelled, None, None, None))
        return _until_end(steps)
    draw = rng.random()
    if in_force is None:  # a standing task: reported done some day, or still running
        if draw < 0.5:
            return _until_end(steps)
        done = assigned + _days(rng, 30, 720)
    elif draw < 0.02:  # never done: overdue for ever
        return _until_end(steps)
    elif draw < 0.22:
        done = in_force + _days(rng, 1, 60)
    elif draw < 0.37:
        done = in_force
    else:
        done = assigned + dt.timedelta(days=int(rng.random() * max(0, (in_force - assigned).days)))
    done = max(done, decided)  # an extension is decided before the work is reported done
    if rng.random() < 0.03:  # reported, returned, reported again
        steps.append((Kind.COMPLETION_REPORTED, done, None, None, None))
        returned = done + _days(rng, 2, 10)
        steps.append((Kind.COMPLETION_RETURNED, returned, None, None, None))
        done = returned + _days(rng, 5, 30)
    steps.append((Kind.COMPLETION_REPORTED, done, None, None, None))
    steps.append((Kind.COMPLETION_CONFIRMED, done + _days(rng, 0, 7), None, None, None))
    return _until_end(steps)


def _until_end(steps: list[Step]) -> list[Step]:
    """The steps recorded by END, in date order (the cut may leave a report awaiting confirmation)."""
    return sorted((s for s in steps if s[1] <= END), key=lambda s: s[1])


# --- The dataset ----------------------------------------------------------------------------------


@dataclass
class Built:
    tasks: int = 0
    events: int = 0
    spans: int = 0
    documents: int = 0
    units: int = 0


class _Writer:
    """Generates tasks one by one and writes them with their events, spans and documents."""

    def __init__(self, provinces: list[Province], rng: random.Random) -> None:
        self.provinces = provinces
        self.rng = rng
        self.now = timezone.now()
        self.next_task = (
            Task.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        ) + 1
        self.next_event = (
            TaskEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        ) + 1
        self.next_document = (
            Document.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        ) + 1
        self.tasks = Table(Task, TASK_COLUMNS)
        self.events = Table(TaskEvent, EVENT_COLUMNS)
        self.spans = Table(TaskSpan, SPAN_FIELDS)
        self.documents = Table(Document, DOCUMENT_COLUMNS)
        self.coordinating = Table(Task.coordinating_units.through, ["task_id", "unit_id"])
        self.numbers: dict[int, int] = {}
        self.units = {
            unit.pk: unit
            for p in provinces
            for unit in (*p.departments, *p.divisions.values(), *p.communes)
        }

    def flush(self) -> None:
        for table in (self.documents, self.tasks, self.events, self.spans, self.coordinating):
            table.flush()

    def document(self, province: Province, issuer: Unit, day: dt.date) -> tuple[int, str]:
        """One document per issuer and day (its id and number): a notice's tasks share it."""
        key = (issuer.pk, day)
        found = province.documents.get(key)
        if found is None:
            pk = self.next_document
            self.next_document += 1
            n = self.numbers[issuer.pk] = self.numbers.get(issuer.pk, 0) + 1
            number = f"{n}/TB-UBND" if issuer.kind == UnitKind.PROVINCE else f"{n}/KH-{issuer.pk}"
            summary = f"Kết luận của {issuer.short_name} ngày {day:%d/%m/%Y}"
            kind = (
                DocumentKind.CONCLUSION_NOTICE
                if issuer.kind == UnitKind.PROVINCE
                else DocumentKind.PLAN
            )
            signer = Signer.CHAIRMAN if issuer.kind == UnitKind.PROVINCE else Signer.HEAD
            self.documents.add(pk, number, day, kind, issuer.pk, signer, "", summary, None,
                               self.now, fold(f"{number} {summary}"))  # fmt: skip
            found = province.documents[key] = (pk, number)
        return found

    def task(
        self,
        province: Province,
        assigner: Unit,
        lead: Unit,
        assigned: dt.date,
        deadline: dt.date | None,
        parent: int | None,
        others: Sequence[int],
    ) -> int:
        rng = self.rng
        pk = self.next_task
        self.next_task += 1
        steps = life(rng, assigned, deadline, others)
        is_key = rng.random() < 0.10
        source = Source.PETITION if rng.random() < 0.08 else Source.DIRECTIVE
        if parent is not None:
            source = Source.PLAN
        title = f"{rng.choice(VERBS)} {rng.choice(SUBJECTS)} ({lead.short_name})"
        document, number = self.document(province, assigner, assigned)
        history = rules.History(
            assigned,
            deadline,
            lead.pk,
            tuple(
                rules.Event(k, on, i, deadline=d, unit=u)
                for i, (k, on, d, u, _p) in enumerate(steps)
            ),
        )
        progress = [p for k, _on, _d, _u, p in steps if k == Kind.PROGRESS]
        state = derived_state(history, progress[-1] if progress else None)
        code = f"NV-{pk:07d}"
        current_lead = self.units[state["current_lead_unit_id"]]  # type: ignore[index]
        search = search_text(title=title, document_number=number, lead=current_lead, code=code)
        signer = Signer.COMMITTEE if parent is not None else rng.choice(
            (Signer.CHAIRMAN, Signer.VICE_CHAIRMAN, Signer.VICE_CHAIRMAN, Signer.COMMITTEE)
        )  # fmt: skip
        self.tasks.add(
            pk, title, source, document, assigner.pk, signer, "", lead.pk, assigned, deadline,
            None, is_key, rng.choice(FIELDS), Urgency.NORMAL, parent, code, "", None, self.now,
            len(steps), state["current_lead_unit_id"], state["current_deadline"],
            state["current_status"], state["completed_on"], state["confirmed_on"],
            state["reported_on"], state["extension_requested_on"], state["progress_percent"],
            search,
        )  # fmt: skip
        self.event(pk, Kind.ASSIGNED, assigned, deadline, lead.pk, None)
        for kind, on, new_deadline, unit, percent in steps:
            self.event(pk, kind, on, new_deadline, unit, percent)
        self.spans.extend(
            span_values(history, task_id=pk, assigner_id=assigner.pk, is_key=is_key, source=source)
        )
        if rng.random() < 0.3 and others:
            for unit in rng.sample(list(others), min(len(others), rng.randint(1, 2))):
                if unit != lead.pk:
                    self.coordinating.add(pk, unit)
        return pk

    def event(
        self, task: int, kind: Kind, on: dt.date, deadline: dt.date | None, unit: int | None,
        percent: int | None,
    ) -> None:  # fmt: skip
        text = "" if kind != Kind.PROGRESS else f"Đã thực hiện {percent}% khối lượng công việc."
        recorded = dt.datetime.combine(on, dt.time(9), tzinfo=dt.UTC)
        self.events.add(self.next_event, task, kind.value, on, recorded, None, text, percent,
                        deadline, unit, "", None)  # fmt: skip
        self.next_event += 1


FIELDS = [f.value for f in Field]
TASK_COLUMNS = ["id", "title", "source", "document_id", "assigner_id", "assigned_by",
                "assigned_by_name", "lead_unit_id", "assigned_on", "deadline",
                "deadline_working_days", "is_key", "field", "urgency", "parent_id",
                "external_code", "note", "created_by_id", "created_at", "version",
                "current_lead_unit_id", "current_deadline", "current_status", "completed_on",
                "confirmed_on", "reported_on", "extension_requested_on", "progress_percent",
                "search_text"]  # fmt: skip
EVENT_COLUMNS = ["id", "task_id", "kind", "effective_on", "recorded_at", "actor_id", "text",
                 "percent", "deadline", "unit_id", "result_document", "refers_to_id"]  # fmt: skip
DOCUMENT_COLUMNS = ["id", "number", "issued_on", "kind", "issuer_id", "signer", "signer_name",
                    "summary", "created_by_id", "created_at", "search_text"]  # fmt: skip


def build(tasks: int, *, seed: int = SEED, progress: Callable[[int], None] | None = None) -> Built:
    """Write the national dataset of about `tasks` tasks into the (empty) database."""
    rng = random.Random(seed)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # index pages stay in memory while rows pour in
            cursor.execute("PRAGMA cache_size = -524288")
    with transaction.atomic():
        provinces = build_units()
        first = provinces[0].committee
        User.objects.create_user(
            OFFICE_USER, password=PASSWORD, unit=first, role=Role.OFFICE,
            full_name=f"Văn phòng {first.short_name}",
        )  # fmt: skip
    writer = _Writer(provinces, rng)
    days = (END - START).days
    made = 0
    since_flush = 0
    while made < tasks:
        province = rng.choice(provinces)
        assigned = START + dt.timedelta(days=rng.randrange(days + 1))
        to_department = rng.random() < 0.55
        lead = rng.choice(province.departments if to_department else province.communes)
        deadline = None if rng.random() < 0.05 else assigned + _days(rng, 10, 150)
        others = [d.pk for d in rng.sample(province.departments, 3)]
        pk = writer.task(province, province.committee, lead, assigned, deadline, None, others)
        made += 1
        # About 35% of a department's tasks are handed down in part to its division (1–2 tasks).
        if to_department and deadline is not None and rng.random() < 0.35:
            division = province.divisions[lead.pk]
            for _ in range(rng.choice((1, 1, 2))):
                if made >= tasks:
                    break
                given = assigned + _days(rng, 1, 10)
                child_deadline = max(given, deadline - _days(rng, 0, 10))
                writer.task(province, lead, division, given, child_deadline, pk, ())
                made += 1
        since_flush += 1
        if since_flush >= 5000:
            with transaction.atomic():
                writer.flush()
            since_flush = 0
            if progress:
                progress(made)
    with transaction.atomic():
        writer.flush()
    if progress:
        progress(made)
    _after_load()
    return Built(made, writer.events.written, writer.spans.written, writer.documents.written,
                 Unit.objects.count())  # fmt: skip


def _after_load() -> None:
    """Sequences past the ids written, and fresh planner statistics."""
    from django.core.management.color import no_style

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for sql in connection.ops.sequence_reset_sql(
                no_style(), [Task, TaskEvent, TaskSpan, Document]
            ):
                cursor.execute(sql)
            # VACUUM (for index-only scans) cannot run in a transaction, as in a test.
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA optimize")
