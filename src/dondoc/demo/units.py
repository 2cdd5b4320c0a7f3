"""The Lạng Sơn organisation tree for the demo.

Unit names are the real ones; the 2025 reorganisations are shown as they happened in outline
(departments merged on 1 March 2025, districts abolished on 1 July 2025, communes merged), but the
details of which commune became which are illustrative, not an official record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dondoc.organisations.models import UnitKind

DEPARTMENTS_MERGED = dt.date(2025, 3, 1)
DISTRICTS_ABOLISHED = dt.date(2025, 7, 1)
_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class DemoUnit:
    code: str
    name: str
    short_name: str
    kind: UnitKind
    parent: str | None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    successor: str | None = None


def _department(code: str, name: str, short: str, **kw: object) -> DemoUnit:
    return DemoUnit(code, name, short, UnitKind.DEPARTMENT, "lang-son", **kw)  # type: ignore[arg-type]


PROVINCE = [
    DemoUnit(
        "lang-son", "Ủy ban nhân dân tỉnh Lạng Sơn", "UBND tỉnh Lạng Sơn", UnitKind.PROVINCE, None
    ),
    DemoUnit(
        "van-phong-ubnd-tinh",
        "Văn phòng UBND tỉnh Lạng Sơn",
        "Văn phòng UBND tỉnh",
        UnitKind.OFFICE,
        "lang-son",
    ),
]

_ENDED = {"valid_to": DEPARTMENTS_MERGED - _DAY}
_STARTED = {"valid_from": DEPARTMENTS_MERGED}
DEPARTMENTS = [
    _department("so-noi-vu", "Sở Nội vụ tỉnh Lạng Sơn", "Sở Nội vụ"),
    _department("so-tu-phap", "Sở Tư pháp tỉnh Lạng Sơn", "Sở Tư pháp"),
    _department("so-tai-chinh", "Sở Tài chính tỉnh Lạng Sơn", "Sở Tài chính"),
    _department("so-cong-thuong", "Sở Công Thương tỉnh Lạng Sơn", "Sở Công Thương"),
    _department("so-xay-dung", "Sở Xây dựng tỉnh Lạng Sơn", "Sở Xây dựng"),
    _department("so-van-hoa", "Sở Văn hóa, Thể thao và Du lịch tỉnh Lạng Sơn", "Sở VHTTDL"),
    _department("so-khoa-hoc", "Sở Khoa học và Công nghệ tỉnh Lạng Sơn", "Sở KH&CN"),
    _department("so-giao-duc", "Sở Giáo dục và Đào tạo tỉnh Lạng Sơn", "Sở GD&ĐT"),
    _department("so-y-te", "Sở Y tế tỉnh Lạng Sơn", "Sở Y tế"),
    _department("so-ngoai-vu", "Sở Ngoại vụ tỉnh Lạng Sơn", "Sở Ngoại vụ"),
    _department("thanh-tra-tinh", "Thanh tra tỉnh Lạng Sơn", "Thanh tra tỉnh"),
    _department(
        "ban-quan-ly-kktck",
        "Ban Quản lý Khu kinh tế cửa khẩu Đồng Đăng - Lạng Sơn",
        "BQL Khu KTCK",
    ),
    _department(
        "so-nong-nghiep-moi-truong",
        "Sở Nông nghiệp và Môi trường tỉnh Lạng Sơn",
        "Sở NN&MT",
        **_STARTED,
    ),
    _department(
        "so-dan-toc-ton-giao", "Sở Dân tộc và Tôn giáo tỉnh Lạng Sơn", "Sở DT&TG", **_STARTED
    ),
    # Merged into the departments above on 1 March 2025.
    _department(
        "so-ke-hoach-dau-tu",
        "Sở Kế hoạch và Đầu tư tỉnh Lạng Sơn",
        "Sở KH&ĐT",
        successor="so-tai-chinh",
        **_ENDED,
    ),
    _department(
        "so-giao-thong-van-tai",
        "Sở Giao thông vận tải tỉnh Lạng Sơn",
        "Sở GTVT",
        successor="so-xay-dung",
        **_ENDED,
    ),
    _department(
        "so-nong-nghiep-ptnt",
        "Sở Nông nghiệp và Phát triển nông thôn tỉnh Lạng Sơn",
        "Sở NN&PTNT",
        successor="so-nong-nghiep-moi-truong",
        **_ENDED,
    ),
    _department(
        "so-tai-nguyen-moi-truong",
        "Sở Tài nguyên và Môi trường tỉnh Lạng Sơn",
        "Sở TN&MT",
        successor="so-nong-nghiep-moi-truong",
        **_ENDED,
    ),
    _department(
        "so-thong-tin-truyen-thong",
        "Sở Thông tin và Truyền thông tỉnh Lạng Sơn",
        "Sở TT&TT",
        successor="so-khoa-hoc",
        **_ENDED,
    ),
    _department(
        "so-lao-dong",
        "Sở Lao động - Thương binh và Xã hội tỉnh Lạng Sơn",
        "Sở LĐTB&XH",
        successor="so-noi-vu",
        **_ENDED,
    ),
    _department(
        "ban-dan-toc",
        "Ban Dân tộc tỉnh Lạng Sơn",
        "Ban Dân tộc",
        successor="so-dan-toc-ton-giao",
        **_ENDED,
    ),
]

# (code, place name, kind): the eleven district-level units, abolished on 1 July 2025.
DISTRICT_NAMES = [
    ("thanh-pho-lang-son", "Lạng Sơn", UnitKind.CITY),
    ("trang-dinh", "Tràng Định", UnitKind.DISTRICT),
    ("van-lang", "Văn Lãng", UnitKind.DISTRICT),
    ("binh-gia", "Bình Gia", UnitKind.DISTRICT),
    ("bac-son", "Bắc Sơn", UnitKind.DISTRICT),
    ("van-quan", "Văn Quan", UnitKind.DISTRICT),
    ("cao-loc", "Cao Lộc", UnitKind.DISTRICT),
    ("loc-binh", "Lộc Bình", UnitKind.DISTRICT),
    ("chi-lang", "Chi Lăng", UnitKind.DISTRICT),
    ("dinh-lap", "Đình Lập", UnitKind.DISTRICT),
    ("huu-lung", "Hữu Lũng", UnitKind.DISTRICT),
]
_LAST_DISTRICT_DAY = DISTRICTS_ABOLISHED - _DAY


def _district(code: str, place: str, kind: UnitKind) -> DemoUnit:
    level = "thành phố" if kind == UnitKind.CITY else "huyện"
    return DemoUnit(
        code,
        f"Ủy ban nhân dân {level} {place}",
        f"UBND {level} {place}",
        kind,
        "lang-son",
        valid_to=_LAST_DISTRICT_DAY,
    )


DISTRICTS = [_district(*row) for row in DISTRICT_NAMES]

# (code suffix, name, kind): a district's specialised divisions.
DIVISION_NAMES = [
    ("van-phong", "Văn phòng HĐND và UBND", UnitKind.OFFICE),
    ("noi-vu", "Phòng Nội vụ", UnitKind.DIVISION),
    ("tai-chinh-ke-hoach", "Phòng Tài chính - Kế hoạch", UnitKind.DIVISION),
    ("tai-nguyen-moi-truong", "Phòng Tài nguyên và Môi trường", UnitKind.DIVISION),
    ("kinh-te-ha-tang", "Phòng Kinh tế và Hạ tầng", UnitKind.DIVISION),
    ("nong-nghiep", "Phòng Nông nghiệp và Phát triển nông thôn", UnitKind.DIVISION),
    ("giao-duc", "Phòng Giáo dục và Đào tạo", UnitKind.DIVISION),
    ("van-hoa-thong-tin", "Phòng Văn hóa và Thông tin", UnitKind.DIVISION),
    ("lao-dong", "Phòng Lao động - Thương binh và Xã hội", UnitKind.DIVISION),
    ("tu-phap", "Phòng Tư pháp", UnitKind.DIVISION),
    ("thanh-tra", "Thanh tra", UnitKind.DIVISION),
]

# District code → its communes (code suffix, name); the successor is the post-reform commune.
COMMUNE_NAMES: dict[str, list[tuple[str, str, str | None]]] = {
    "cao-loc": [
        ("tt-cao-loc", "Thị trấn Cao Lộc", "xa-cao-loc"),
        ("tt-dong-dang", "Thị trấn Đồng Đăng", "xa-dong-dang"),
        ("xa-hop-thanh", "Xã Hợp Thành", "xa-cao-loc"),
        ("xa-gia-cat", "Xã Gia Cát", "xa-cao-loc"),
        ("xa-tan-lien", "Xã Tân Liên", "xa-cao-loc"),
        ("xa-hai-yen", "Xã Hải Yến", "xa-cong-son"),
        ("xa-cong-son", "Xã Công Sơn", "xa-cong-son"),
        ("xa-mau-son", "Xã Mẫu Sơn", "xa-cong-son"),
        ("xa-thuy-hung", "Xã Thụy Hùng", "xa-dong-dang"),
        ("xa-bao-lam", "Xã Bảo Lâm", "xa-dong-dang"),
    ],
    "trang-dinh": [
        ("tt-that-khe", "Thị trấn Thất Khê", "xa-that-khe"),
        ("xa-chi-lang", "Xã Chi Lăng", "xa-that-khe"),
        ("xa-dai-dong", "Xã Đại Đồng", "xa-that-khe"),
        ("xa-hung-son", "Xã Hùng Sơn", "xa-quoc-khanh"),
        ("xa-quoc-khanh", "Xã Quốc Khánh", "xa-quoc-khanh"),
        ("xa-tri-phuong", "Xã Tri Phương", "xa-quoc-khanh"),
        ("xa-kim-dong", "Xã Kim Đồng", "xa-that-khe"),
    ],
}


def _subunits(district: DemoUnit) -> list[DemoUnit]:
    place = district.short_name.split(" ", 1)[1]  # "huyện Cao Lộc"
    units = [
        DemoUnit(
            f"{district.code}-{suffix}",
            f"{name} {place}",
            name,
            kind,
            district.code,
            valid_to=_LAST_DISTRICT_DAY,
        )
        for suffix, name, kind in DIVISION_NAMES
    ]
    units += [
        DemoUnit(
            f"{district.code}-{suffix}",
            f"UBND {name[0].lower()}{name[1:]}, {place}",
            name,
            UnitKind.COMMUNE,
            district.code,
            valid_to=_LAST_DISTRICT_DAY,
            successor=successor,
        )
        for suffix, name, successor in COMMUNE_NAMES[district.code]
    ]
    return units


# Communes and wards under the province from 1 July 2025.
POST_REFORM_COMMUNES = [
    DemoUnit(
        code,
        f"UBND {name[0].lower()}{name[1:]}",
        name,
        UnitKind.COMMUNE,
        "lang-son",
        valid_from=DISTRICTS_ABOLISHED,
    )
    for code, name in [
        ("phuong-dong-kinh", "Phường Đông Kinh"),
        ("phuong-luong-van-tri", "Phường Lương Văn Tri"),
        ("phuong-tam-thanh", "Phường Tam Thanh"),
        ("phuong-ky-lua", "Phường Kỳ Lừa"),
        ("xa-cao-loc", "Xã Cao Lộc"),
        ("xa-dong-dang", "Xã Đồng Đăng"),
        ("xa-cong-son", "Xã Công Sơn"),
        ("xa-that-khe", "Xã Thất Khê"),
        ("xa-quoc-khanh", "Xã Quốc Khánh"),
        ("xa-na-sam", "Xã Na Sầm"),
        ("xa-binh-gia", "Xã Bình Gia"),
        ("xa-bac-son", "Xã Bắc Sơn"),
        ("xa-van-quan", "Xã Văn Quan"),
        ("xa-loc-binh", "Xã Lộc Bình"),
        ("xa-dong-mo", "Xã Đồng Mỏ"),
        ("xa-dinh-lap", "Xã Đình Lập"),
        ("xa-huu-lung", "Xã Hữu Lũng"),
    ]
]

# Each district's successors: the communes and wards that took over its tasks on 1 July 2025
# (a district with several is split: each of its open tasks goes to one of them).
DISTRICT_SUCCESSORS = {
    "thanh-pho-lang-son": [
        "phuong-dong-kinh", "phuong-luong-van-tri", "phuong-tam-thanh", "phuong-ky-lua"
    ],
    "trang-dinh": ["xa-that-khe", "xa-quoc-khanh"],
    "van-lang": ["xa-na-sam"],
    "binh-gia": ["xa-binh-gia"],
    "bac-son": ["xa-bac-son"],
    "van-quan": ["xa-van-quan"],
    "cao-loc": ["xa-cao-loc", "xa-dong-dang", "xa-cong-son"],
    "loc-binh": ["xa-loc-binh"],
    "chi-lang": ["xa-dong-mo"],
    "dinh-lap": ["xa-dinh-lap"],
    "huu-lung": ["xa-huu-lung"],
}  # fmt: skip
# New communes that only inherit in the demo (no random tasks of their own, to load fast).
INHERITING_ONLY = {s for after in DISTRICT_SUCCESSORS.values() for s in after if s.startswith("xa-") and len(after) == 1}  # fmt: skip


def reform_rows(day: dt.date) -> list[tuple[str, str]]:
    """The 2025 reform that took effect on `day` as mapping rows (ending unit, successor; "" for
    a unit dissolved without one), recorded by organisations.reorganisation (demo/tasks.py)."""
    rows: list[tuple[str, str]] = []
    for unit in all_units():
        if unit.valid_to is None or unit.valid_to + _DAY != day:
            continue
        if unit.code in DISTRICT_SUCCESSORS:
            rows += [(unit.code, after) for after in DISTRICT_SUCCESSORS[unit.code]]
        else:
            rows.append((unit.code, unit.successor or ""))
    return rows


def all_units() -> list[DemoUnit]:
    """Every demo unit, parents before children."""
    units = [*PROVINCE, *DEPARTMENTS, *DISTRICTS]
    for district in DISTRICTS:
        if district.code in COMMUNE_NAMES:
            units += _subunits(district)
    return units + POST_REFORM_COMMUNES
