"""The facts of the Liangcheng Xincun demo, taken from the 2020 community newsletter
(``/work/shared/seed/liangcheng-newsletter-2020.txt``), and the word lists the
fictional residents are drawn from.

Real (from the newsletter): the sub-district, the residential areas 秀苑 and 中虹, the
offices, the two member enterprises, the training school and the officials with their
posts. Invented: every row marked ``is_demo``, and every ID number, phone number,
credit code, birth date, address and grid placement, including those of real units
and people.
"""

import datetime as dt
from dataclasses import dataclass, field

from jiedao.accounts.models import Role
from jiedao.core.validators import build_id_number
from jiedao.org.models import Unit
from jiedao.people.models import Gender, PartyCategory

PASSWORD = "jiedao2020"

SUBDISTRICT: dict[str, str] = {
    "name": "凉城新村街道",
    "code": "310109016",
    "district_name": "虹口区",
    "district_code": "310109",
}

# The newsletter names 秀苑 and 中虹 (the 四史 lectures) and counts 27 residential areas.
REAL_AREAS = ("秀苑", "中虹")
# The other 25, invented after the streets of the neighbourhood: (name, address).
DEMO_AREAS: tuple[tuple[str, str], ...] = (
    ("凉城一村", "凉城路 245 弄"),
    ("凉城二村", "凉城路 301 弄"),
    ("凉城三村", "凉城路 387 弄"),
    ("凉城四村", "凉城路 455 弄"),
    ("凉城五村", "凉城路 520 弄"),
    ("复旦", "车站南路 118 弄"),
    ("广灵", "广灵四路 26 弄"),
    ("广灵二路", "广灵二路 140 弄"),
    ("广灵四路", "广灵四路 210 弄"),
    ("车站南路", "车站南路 330 弄"),
    ("水电路", "水电路 1388 弄"),
    ("锦苑", "锦苑路 50 弄"),
    ("丰镇", "丰镇路 60 弄"),
    ("汶水", "汶水东路 100 弄"),
    ("广粤", "广粤路 437 弄"),
    ("凉城路", "凉城路 700 弄"),
    ("秀水", "秀水路 12 弄"),
    ("虹馨", "凉城路 888 弄"),
    ("银联", "车站南路 460 弄"),
    ("通顺", "汶水东路 215 弄"),
    ("兴城", "水电路 1500 弄"),
    ("万安", "万安路 81 弄"),
    ("汶上", "汶水东路 360 弄"),
    ("凉秀", "凉城路 1020 弄"),
    ("灵新", "广灵二路 255 弄"),
)
GRID_NAMES = ("第一网格", "第二网格", "第三网格")


def grid_count(area_index: int, area_name: str) -> int:
    """2 or 3 grids per area; the two real areas get 3 so their chairs have more to see."""
    return 3 if area_name in REAL_AREAS or area_index % 3 == 0 else 2


@dataclass(frozen=True)
class UnitSpec:
    name: str
    kind: str
    is_demo: bool = True
    area: str = ""  # residential area of the unit's grid ("" = no grid)
    grid: int = 0  # index into GRID_NAMES
    headcount: int = 0
    org_serial: int = 0  # makes the fictional credit code; 0 = no code
    registration: str = "91"  # 9 工商 + 1 企业; 52 民政 + 2 民办非企业单位
    # The 三新 category of the party members it employs ("" = none).
    party_category: str = ""


# The offices the newsletter credits (党建办, 党群中心, 社区受理中心) or names.
OFFICES = ("党建办", "党群服务中心", "社区受理中心", "劳动保障事务所", "街道总工会")

JIACHUN = "上海嘉春装饰设计工程有限公司"
GONGZHI = "上海共志通信信息技术发展有限公司"
SCHOOL = "上海理想职业技能培训学校"

_NEW_ECONOMIC = PartyCategory.NEW_ECONOMIC.value
_NEW_SOCIAL = PartyCategory.NEW_SOCIAL.value
_NEW_EMPLOYMENT = PartyCategory.NEW_EMPLOYMENT.value
_ENTERPRISE = Unit.Kind.ENTERPRISE.value
_SOCIAL = Unit.Kind.SOCIAL_ORGANISATION.value

UNITS: tuple[UnitSpec, ...] = (
    *(UnitSpec(name, Unit.Kind.OFFICE.value, is_demo=False) for name in OFFICES),
    # Member units of the joint meeting (real names; credit codes, grids and headcounts are fictional).
    UnitSpec(JIACHUN, _ENTERPRISE, False, "秀苑", 0, 36, 101, party_category=_NEW_ECONOMIC),
    UnitSpec(GONGZHI, _ENTERPRISE, False, "中虹", 0, 58, 102, party_category=_NEW_ECONOMIC),
    # The training school of the dried-flower class.
    UnitSpec(SCHOOL, Unit.Kind.TRAINING_SCHOOL.value, False, "广灵", 1),
    # Invented enterprises and social organisations, spread over the grids.
    UnitSpec("上海秀苑洗衣服务有限公司", _ENTERPRISE, True, "秀苑", 1, 9, 103, party_category=_NEW_ECONOMIC),
    UnitSpec("上海中虹便民超市有限公司", _ENTERPRISE, True, "中虹", 1, 45, 104, party_category=_NEW_ECONOMIC),
    UnitSpec("上海凉城物业管理有限公司", _ENTERPRISE, True, "凉城一村", 0, 42, 105, party_category=_NEW_ECONOMIC),
    UnitSpec("上海广灵快递服务有限公司", _ENTERPRISE, True, "广灵", 0, 65, 106, party_category=_NEW_EMPLOYMENT),
    UnitSpec("上海汶水餐饮管理有限公司", _ENTERPRISE, True, "汶水", 1, 28, 107, party_category=_NEW_ECONOMIC),
    UnitSpec("上海虹馨家政服务有限公司", _ENTERPRISE, True, "虹馨", 0, 47, 108, party_category=_NEW_ECONOMIC),
    UnitSpec("上海锦苑建筑装饰工程有限公司", _ENTERPRISE, True, "锦苑", 0, 33, 109, party_category=_NEW_ECONOMIC),
    UnitSpec("上海丰镇汽车维修服务有限公司", _ENTERPRISE, True, "丰镇", 1, 18, 110, party_category=_NEW_ECONOMIC),
    UnitSpec("上海秀水网络科技有限公司", _ENTERPRISE, True, "秀水", 0, 52, 111, party_category=_NEW_ECONOMIC),
    UnitSpec("上海凉通便利连锁有限公司", _ENTERPRISE, True, "车站南路", 1, 24, 112, party_category=_NEW_ECONOMIC),
    UnitSpec("上海广粤印务有限公司", _ENTERPRISE, True, "广粤", 0, 39, 113, party_category=_NEW_ECONOMIC),
    UnitSpec("上海万安养老服务有限公司", _ENTERPRISE, True, "万安", 1, 71, 114, party_category=_NEW_ECONOMIC),
    UnitSpec("上海通顺同城配送有限公司", _ENTERPRISE, True, "通顺", 0, 88, 115, party_category=_NEW_EMPLOYMENT),
    UnitSpec("上海水电路文化传播有限公司", _ENTERPRISE, True, "水电路", 1, 15, 116, party_category=_NEW_ECONOMIC),
    UnitSpec("上海兴城电子商务有限公司", _ENTERPRISE, True, "兴城", 0, 60, 117, party_category=_NEW_ECONOMIC),
    UnitSpec("上海凉秀美容美发有限公司", _ENTERPRISE, True, "凉秀", 0, 12, 118, party_category=_NEW_ECONOMIC),
    UnitSpec("上海灵新软件技术有限公司", _ENTERPRISE, True, "灵新", 1, 26, 119, party_category=_NEW_ECONOMIC),
    UnitSpec(
        "虹口区凉城社区志愿服务社", _SOCIAL, True, "凉城三村", 0, 14, 120, registration="52", party_category=_NEW_SOCIAL
    ),
    UnitSpec(
        "虹口区灵新社会工作服务中心",
        _SOCIAL,
        True,
        "广灵二路",
        1,
        22,
        121,
        registration="52",
        party_category=_NEW_SOCIAL,
    ),
)

# 三新 party members belong to a joint branch by category; others to their area's branch.
PARTY_BRANCHES = {
    _NEW_ECONOMIC: "凉城新村街道非公企业联合党支部",
    _NEW_SOCIAL: "凉城新村街道社会组织联合党支部",
    _NEW_EMPLOYMENT: "凉城新村街道新就业群体党支部",
}


def area_party_branch(area: str) -> str:
    return f"{area}居民区党总支"


@dataclass(frozen=True)
class PersonSpec:
    """A named person: an official of the newsletter or a demo persona."""

    name: str
    gender: str
    birth_date: dt.date
    sequence: int  # the ID number's sequence code: odd = male
    area: str = ""
    employer: str = ""
    roles: frozenset[str] = field(default_factory=frozenset)
    party_category: str = ""
    party_branch: str = ""
    phone: str = ""
    address_code: str = "310109"

    @property
    def id_number(self) -> str:
        return build_id_number(self.address_code, self.birth_date, self.sequence)


@dataclass(frozen=True)
class Official:
    post: str
    level: str  # "subdistrict" or "district"
    person: PersonSpec


_PARTY = frozenset({"is_party_member"})
_BRANCH = "凉城新村街道机关党支部"

# Person has no post field: the posts live here, keyed by name, as printed in the newsletter.
# The newsletter gives no gender, birth date or residence: those are invented (the gender
# guessed from the given name), and the officials get no residential area.
# 胡军 and 黄守虎 serve the district, not the sub-district. They are still registered
# as people of 凉城新村街道 because the sub-district's records name them: they attend
# its joint meeting, 胡军 unveils the 畅心屋 and speaks; Person is how any programme
# refers to an attendee or speaker. Their level says they are guests from the district.
OFFICIALS: dict[str, Official] = {
    "乐跃明": Official(
        "街道党工委书记",
        "subdistrict",
        PersonSpec("乐跃明", "M", dt.date(1968, 4, 12), 315, roles=_PARTY, party_branch=_BRANCH),
    ),
    "陈懿": Official(
        "街道党工委副书记、办事处主任",
        "subdistrict",
        PersonSpec("陈懿", "F", dt.date(1975, 9, 3), 226, roles=_PARTY, party_branch=_BRANCH),
    ),
    "许军霞": Official(
        "街道党工委副书记、总工会主席",
        "subdistrict",
        PersonSpec("许军霞", "F", dt.date(1971, 11, 21), 442, roles=_PARTY, party_branch=_BRANCH),
    ),
    "胡军": Official(
        "虹口区人大常委会副主任、区总工会主席", "district", PersonSpec("胡军", "M", dt.date(1963, 2, 8), 137)
    ),
    "黄守虎": Official("虹口区总工会副主席", "district", PersonSpec("黄守虎", "M", dt.date(1966, 7, 30), 259)),
}

# The people behind the resident demo logins.
PERSONAS: dict[str, PersonSpec] = {
    "worker": PersonSpec(
        "王秀英",
        Gender.FEMALE.value,
        dt.date(1982, 3, 14),
        482,
        area="秀苑",
        employer=JIACHUN,
        roles=frozenset({"is_worker", "is_union_member"}),
        phone="13816200731",
    ),
    "jobseeker": PersonSpec(
        "李建国",
        Gender.MALE.value,
        dt.date(1968, 9, 2),
        173,
        area="中虹",
        roles=frozenset({"is_job_seeker"}),
        phone="13916200452",
    ),
    # The secretary of 秀苑's residential-area party branch (党建: approves self-study hours).
    "secretary": PersonSpec(
        "周美华",
        Gender.FEMALE.value,
        dt.date(1970, 5, 18),
        366,
        area="秀苑",
        roles=_PARTY,
        party_branch="秀苑居民区党总支",
        phone="13816200918",
    ),
    # A 三新 party member transferred in during 2020 (the 凝新 studio's 三个一).
    "sanxin": PersonSpec(
        "孙浩然",
        Gender.MALE.value,
        dt.date(1994, 10, 7),
        251,
        area="中虹",
        employer=GONGZHI,
        roles=frozenset({"is_party_member", "is_worker"}),
        party_category="new_economic",
        phone="13916200637",
    ),
}


@dataclass(frozen=True)
class AccountSpec:
    username: str
    display_name: str
    role: str
    area: str = ""  # scope of an area role
    unit: str = ""  # scope of a unit role
    person: str = ""  # key in PERSONAS of a resident's own record
    superuser: bool = False


ACCOUNTS: tuple[AccountSpec, ...] = (
    AccountSpec("admin", "街道管理员", Role.SUBDISTRICT_ADMIN.value, superuser=True),
    AccountSpec("party", "党建办", Role.PARTY_OFFICE.value),
    AccountSpec("centre", "党群服务中心", Role.PARTY_MASS_CENTRE.value),
    AccountSpec("labour", "劳动保障事务所", Role.LABOUR_OFFICE.value),
    AccountSpec("union", "街道总工会", Role.UNION_FEDERATION.value),
    AccountSpec("xiuyuan", "秀苑居民区工会主席", Role.AREA_UNION_CHAIR.value, area="秀苑"),
    AccountSpec("zhonghong", "中虹居民区工会主席", Role.AREA_UNION_CHAIR.value, area="中虹"),
    AccountSpec("jiachun", "嘉春公司工会主席", Role.ENTERPRISE_UNION_CHAIR.value, unit=JIACHUN),
    AccountSpec("lixiang", "理想职业技能培训学校", Role.TRAINING_PROVIDER.value, unit=SCHOOL),
    AccountSpec("counsellor", "畅心屋心理咨询师", Role.COUNSELLOR.value),
    AccountSpec("supervisor", "畅心屋心理督导", Role.COUNSELLING_SUPERVISOR.value),
    AccountSpec("handler", "法律援助承办人", Role.LEGAL_AID_HANDLER.value),
    AccountSpec("legalsup", "法律援助督导", Role.LEGAL_AID_SUPERVISOR.value),
    AccountSpec("worker", "王秀英", Role.RESIDENT.value, person="worker"),
    AccountSpec("jobseeker", "李建国", Role.RESIDENT.value, person="jobseeker"),
    AccountSpec("secretary", "周美华", Role.RESIDENT.value, person="secretary"),
    AccountSpec("sanxin", "孙浩然", Role.RESIDENT.value, person="sanxin"),
)


# Word lists for the fictional residents --------------------------------------


def _words(text: str) -> tuple[str, ...]:
    """Word lists are kept as space-separated text: shorter to read and to extend."""
    return tuple(text.split())


# Common surnames in Shanghai with rough weights ("张10" = 张, weight 10).
SURNAMES: tuple[tuple[str, int], ...] = tuple(
    (item[0], int(item[1:]))
    for item in _words(
        "张10 王10 陈9 李8 周6 徐6 朱5 沈5 陆5 顾4 钱3 吴5 黄5 杨5 刘5 孙4 胡4 蒋3 金3 施3 马3 姚3 许3 高3 "
        "汪2 曹2 郁2 唐2 倪2 范2 严2 邱2 潘2 袁2 戴2 董2 丁2 俞2 宋2 杜1 郑2 薛1 程1 谢1 蔡2 叶2 梁1 冯1 "
        "方1 夏1 盛1 赵2 龚1 乐1 曾1 单1 缪1 翟1"
    )
)

# Given names keyed by (born before 1970, gender): names follow fashions by generation.
GIVEN_NAMES: dict[tuple[bool, str], tuple[str, ...]] = {
    (True, "M"): _words(
        "建国 建华 国强 国平 志刚 志明 德明 建平 伟民 卫东 永康 根宝 金宝 荣华 福生 爱国 文彬 勇 强 军 明 华 平 "
        "新民 国庆"
    ),
    (True, "F"): _words(
        "秀英 桂英 玉兰 凤英 美华 丽华 秀兰 桂芳 玉珍 爱华 红梅 菊芳 月英 惠芬 秀珍 静 萍 芳 敏 红 莉莉 雅琴 "
        "美娟 佩华 丽萍"
    ),
    (False, "M"): _words(
        "伟 磊 勇 杰 涛 斌 俊 浩 鹏 超 晨 伟杰 志强 俊杰 浩然 子豪 一鸣 嘉伟 天宇 思远 博文 宇航 家豪 晓东 海峰 "
        "建峰 佳俊 文杰 毅 琦 轶凡 晟 雷 骏"
    ),
    (False, "F"): _words(
        "静 丽 婷 敏 燕 艳 倩 洁 颖 雯 佳 怡 晓燕 丽娟 雯雯 婷婷 佳怡 欣怡 诗琪 梦洁 思佳 晓雯 倩倩 慧敏 佳丽 "
        "蕾 莉 琳 晶 瑾 旻 懿"
    ),
}

# Generated names never equal these (famous namesakes would distract in a demo).
AVOID_NAMES = _words("陈毅 李鹏")

# Address codes of household registration (GB/T 2260), with weights and the first birth
# year given the code. The abolished 卢湾/闸北/崇明县 codes stay valid for life; 浦东新区
# (1993) and 崇明区 (2016) numbers of people born before the code existed are genuine too
# (first issued later), which is exactly what stdnum.cn.ric wrongly rejects.
ADDRESS_CODES: tuple[tuple[str, int, int], ...] = (
    ("310109", 55, 1950),  # 虹口区
    ("310108", 8, 1950),  # 闸北区 (abolished 2015)
    ("310110", 8, 1950),  # 杨浦区
    ("310113", 6, 1950),  # 宝山区
    ("310107", 4, 1950),  # 普陀区
    ("310101", 4, 1950),  # 黄浦区
    ("310103", 2, 1950),  # 卢湾区 (abolished 2011)
    ("310104", 3, 1950),  # 徐汇区
    ("310105", 2, 1950),  # 长宁区
    ("310106", 2, 1950),  # 静安区
    ("310112", 2, 1950),  # 闵行区
    ("310115", 4, 1977),  # 浦东新区
    ("310230", 2, 1950),  # 崇明县 (abolished 2016)
    ("310151", 1, 2000),  # 崇明区
)

# Mobile prefixes that phonenumbers accepts as valid mainland numbers.
PHONE_PREFIXES = _words(
    "130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 180 181 182 183 185 186 187 188 189"
)

# Birth years by decade (Shanghai's residents are older than the country's), 1950–2004.
BIRTH_DECADES: tuple[tuple[int, int, int], ...] = (
    (1950, 1959, 22),
    (1960, 1969, 22),
    (1970, 1979, 18),
    (1980, 1989, 18),
    (1990, 1999, 14),
    (2000, 2004, 6),
)

# Ages and roles are taken at the time of the newsletter.
REFERENCE_DATE = dt.date(2020, 10, 1)
DEFAULT_RESIDENTS = 2000
SEED = 20201001
