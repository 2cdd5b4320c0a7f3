"""Demo accounts. They carry role titles, not real persons' names."""

from __future__ import annotations

from dataclasses import dataclass

from dondoc.accounts.models import Role

# One password for every demo account, printed by `make demo`; never use the demo in production.
DEMO_PASSWORD = "DonDoc@2026"  # noqa: S105 (printed for demo users on purpose)
# The demo's mail addresses (username@…): a reserved domain, so no mail can reach anyone.
DEMO_MAIL_DOMAIN = "langson.example"


# The vice chairman who has an account, as his tasks name him (Task.assigned_by_name: a leader's
# page counts by it), and another vice chairman, without one, whose tasks the page leaves out.
VICE_CHAIRMAN_NAME = "Phó Chủ tịch UBND tỉnh phụ trách kinh tế"
OTHER_VICE_CHAIRMAN_NAME = "Phó Chủ tịch UBND tỉnh phụ trách văn hóa - xã hội"


@dataclass(frozen=True)
class DemoPerson:
    username: str
    full_name: str
    title: str
    unit: str | None
    role: Role
    note: str


PEOPLE = [
    DemoPerson(
        "vanphong",
        "Chuyên viên theo dõi nhiệm vụ",
        "Chuyên viên Văn phòng UBND tỉnh",
        "van-phong-ubnd-tinh",
        Role.OFFICE,
        "Văn phòng UBND tỉnh: nhập, xác nhận, đôn đốc nhiệm vụ",
    ),
    DemoPerson(
        "chutich",
        "Chủ tịch UBND tỉnh",
        "Chủ tịch UBND tỉnh Lạng Sơn",
        "lang-son",
        Role.LEADER,
        "Chủ tịch UBND tỉnh",
    ),
    DemoPerson(
        "phochutich",
        VICE_CHAIRMAN_NAME,
        "Phó Chủ tịch UBND tỉnh Lạng Sơn",
        "lang-son",
        Role.LEADER,
        "Phó Chủ tịch UBND tỉnh",
    ),
    DemoPerson(
        "tocongtac",
        "Tổ trưởng Tổ công tác",
        "Chánh Văn phòng UBND tỉnh, Tổ trưởng Tổ công tác",
        "van-phong-ubnd-tinh",
        Role.INSPECTOR,
        "Tổ công tác của Chủ tịch UBND tỉnh",
    ),
    DemoPerson(
        "caoloc",
        "Chủ tịch UBND huyện Cao Lộc",
        "Chủ tịch UBND huyện Cao Lộc",
        "cao-loc",
        Role.UNIT_HEAD,
        "UBND huyện Cao Lộc (đến 30/06/2025)",
    ),
    DemoPerson(
        "canbo.caoloc",
        "Chuyên viên UBND huyện Cao Lộc",
        "Chuyên viên Văn phòng HĐND và UBND huyện",
        "cao-loc",
        Role.UNIT_OFFICER,
        "Cán bộ UBND huyện Cao Lộc",
    ),
    DemoPerson(
        "vanphong.caoloc",
        "Chuyên viên Văn phòng huyện Cao Lộc",
        "Chuyên viên Văn phòng HĐND và UBND huyện Cao Lộc",
        "cao-loc-van-phong",
        Role.OFFICE,
        "Văn phòng huyện Cao Lộc: theo dõi nhiệm vụ huyện giao",
    ),
    DemoPerson(
        "trangdinh",
        "Chủ tịch UBND huyện Tràng Định",
        "Chủ tịch UBND huyện Tràng Định",
        "trang-dinh",
        Role.UNIT_HEAD,
        "UBND huyện Tràng Định (đến 30/06/2025)",
    ),
    DemoPerson(
        "sotaichinh",
        "Giám đốc Sở Tài chính",
        "Giám đốc Sở Tài chính tỉnh Lạng Sơn",
        "so-tai-chinh",
        Role.UNIT_HEAD,
        "Sở Tài chính",
    ),
    DemoPerson(
        "dongdang",
        "Chủ tịch UBND xã Đồng Đăng",
        "Chủ tịch UBND xã Đồng Đăng",
        "xa-dong-dang",
        Role.UNIT_HEAD,
        "UBND xã Đồng Đăng (từ 01/07/2025)",
    ),
    DemoPerson(
        "quantri",
        "Quản trị hệ thống",
        "Quản trị hệ thống",
        None,
        Role.ADMIN,
        "Quản trị: đơn vị, tài khoản, lịch nghỉ",
    ),
]
