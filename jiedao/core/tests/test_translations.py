"""The English catalogue: complete, faithful to its placeholders, compiled, and used.

The msgids are the Chinese source text (see docs/i18n.md). CI has no gettext, so the
compiled ``django.mo`` is committed beside ``django.po``; these tests prove the two agree
and that every string marked in the code is in them.
"""

import ast
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation.template import templatize

from jiedao.accounts.actor import actor_for
from jiedao.accounts.models import User
from jiedao.core import audit
from jiedao.core.models import AuditEntry
from jiedao.org.models import Grid, ResidentialArea, Subdistrict, Unit
from jiedao.people.models import Person
from jiedao.people.roster import columns as roster_columns
from jiedao.people.services import person_reveal
from jiedao.testing import World

ROOT = Path(settings.BASE_DIR)
PO_FILE = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")
# The same folders makemessages skips (see docs/i18n.md).
SKIPPED_DIRS = {".venv", "static", "bench", "var", "tests", "migrations", "node_modules", ".git"}

HAN = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")


# --- a tiny .po reader --------------------------------------------------------------


@dataclass
class Entry:
    line: int
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    def __str__(self) -> str:
        context = f" (context {self.msgctxt!r})" if self.msgctxt is not None else ""
        return f"line {self.line}: {self.msgid!r}{context}"


_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(".*")$')


def _unquote(literal: str) -> str:
    # PO strings use C escapes (\" \\ \n \t), which Python's string literals share.
    value = ast.literal_eval(literal)
    assert isinstance(value, str)
    return value


def parse_po(text: str) -> list[Entry]:
    """Entries of a .po file, the header (msgid "") included, multi-line strings joined."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int] | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            entry, target = None, None
            continue
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        elif line.startswith("#"):
            if entry is None:
                entry = Entry(line=number)
                entries.append(entry)
            if line.startswith("#,"):
                entry.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        match = _KEYWORD.match(line)
        if match:
            keyword, index, literal = match.groups()
            if entry is None or (keyword in ("msgid", "msgctxt") and entry.msgstr):
                entry = Entry(line=number)
                entries.append(entry)
            entry.obsolete = entry.obsolete or obsolete
            target = (keyword, int(index or 0))
            _append(entry, target, _unquote(literal))
        elif line.startswith('"') and entry is not None and target is not None:
            _append(entry, target, _unquote(line))
        else:
            raise ValueError(f"{PO_FILE.name}:{number}: cannot read {raw!r}")
    return entries


def _append(entry: Entry, target: tuple[str, int], text: str) -> None:
    keyword, index = target
    if keyword == "msgstr":
        entry.msgstr[index] = entry.msgstr.get(index, "") + text
    elif keyword == "msgid_plural":
        entry.msgid_plural = (entry.msgid_plural or "") + text
    elif keyword == "msgctxt":
        entry.msgctxt = (entry.msgctxt or "") + text
    else:
        entry.msgid += text


_PLACEHOLDER = re.compile(
    r"%\((?P<named>\w+)\)[#0 +-]*\d*(?:\.\d+)?[a-zA-Z]"  # %(name)s, %(n)d, %(s).1f
    r"|(?P<positional>%[#0 +-]*\d*(?:\.\d+)?[sdif])"  # %s, %d
    r"|\{(?P<brace>\w*)\}"  # {name}, {}
)


def placeholders(text: str) -> tuple[set[str], list[str]]:
    """(named and brace placeholders, positional ones in order); %% is a literal percent."""
    named: set[str] = set()
    positional: list[str] = []
    for match in _PLACEHOLDER.finditer(text.replace("%%", "")):
        if match["positional"]:
            positional.append(match["positional"])
        else:
            named.add(match.group(0))
    return named, positional


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return [e for e in parse_po(PO_FILE.read_text(encoding="utf-8")) if e.msgid and not e.obsolete]


# --- the parser itself --------------------------------------------------------------


def test_the_po_reader_joins_lines_reads_plurals_contexts_and_flags() -> None:
    text = "\n".join(
        [
            'msgid ""',
            'msgstr ""',
            '"Language: en\\n"',
            "",
            "#: a.py:1",
            "#, fuzzy, python-format",
            'msgid ""',
            '"共 %(n)s "',
            '"个"',
            'msgid_plural "共 %(n)s 个"',
            'msgstr[0] "%(n)s item"',
            'msgstr[1] ""',
            '"%(n)s items"',
            "",
            'msgctxt "plural"',
            'msgid "单位"',
            'msgstr "Units \\"quoted\\""',
            "",
            '#~ msgid "旧"',
            '#~ msgstr "Old"',
        ]
    )
    header, plural, context, obsolete = parse_po(text)
    assert header.msgid == "" and header.msgstr == {0: "Language: en\n"}
    assert plural.msgid == "共 %(n)s 个" and plural.msgid_plural == "共 %(n)s 个"
    assert plural.msgstr == {0: "%(n)s item", 1: "%(n)s items"}
    assert plural.flags == {"fuzzy", "python-format"}
    assert (context.msgctxt, context.msgstr[0]) == ("plural", 'Units "quoted"')
    assert obsolete.obsolete and obsolete.msgid == "旧"


def test_placeholders_are_found_whatever_their_style() -> None:
    assert placeholders("%(name)s · %(n)d · %(s).1f 秒 · {x} · %s %d · 100%%") == (
        {"%(name)s", "%(n)d", "%(s).1f", "{x}"},
        ["%s", "%d"],
    )


# --- (a) the catalogue is complete and faithful -------------------------------------


def test_the_catalogue_is_english_with_plural_forms(entries: list[Entry]) -> None:
    header = next(e for e in parse_po(PO_FILE.read_text(encoding="utf-8")) if e.msgid == "")
    assert "Language: en\n" in header.msgstr[0]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header.msgstr[0]
    assert len(entries) > 300


def test_every_entry_is_translated_and_none_is_fuzzy(entries: list[Entry]) -> None:
    problems = []
    for entry in entries:
        forms = 2 if entry.msgid_plural is not None else 1
        if "fuzzy" in entry.flags:
            problems.append(f"{entry}: fuzzy")
        if sorted(entry.msgstr) != list(range(forms)) or not all(entry.msgstr.values()):
            problems.append(f"{entry}: not translated")
        elif any(HAN.search(text) for text in entry.msgstr.values()) and not _quotes_the_file_format(entry):
            problems.append(f"{entry}: the translation is still Chinese: {entry.msgstr}")
    assert not problems, "\n".join(problems)


def _quotes_the_file_format(entry: Entry) -> bool:
    """Roster instructions quote the Chinese header words and cell values a file must hold,
    and a search hint quotes a Chinese name: those stay Chinese inside the English text."""
    english = " ".join(entry.msgstr.values())
    return HAN.sub("", english).strip() != "" and re.search(r"[A-Za-z]{3}", english) is not None


def test_every_placeholder_of_the_source_is_kept_and_none_is_added(entries: list[Entry]) -> None:
    problems = []
    for entry in entries:
        sources = [entry.msgid] if entry.msgid_plural is None else [entry.msgid, entry.msgid_plural]
        for index, translated in entry.msgstr.items():
            source = sources[min(index, len(sources) - 1)]
            if placeholders(source) != placeholders(translated):
                problems.append(f"{entry}: {placeholders(source)} became {placeholders(translated)} in {translated!r}")
    assert not problems, "\n".join(problems)


# --- (b) the committed .mo says what the .po says -----------------------------------


def test_the_compiled_catalogue_gives_every_translation_of_the_po(entries: list[Entry]) -> None:
    assert MO_FILE.exists(), "compile the catalogue: manage.py compilemessages -l en"
    stale = []
    with translation.override("en"):
        for entry in entries:
            if entry.msgid_plural is None:
                got = {
                    0: translation.gettext(entry.msgid)
                    if entry.msgctxt is None
                    else translation.pgettext(entry.msgctxt, entry.msgid)
                }
            elif entry.msgctxt is None:
                got = {i: translation.ngettext(entry.msgid, entry.msgid_plural, n) for i, n in ((0, 1), (1, 2))}
            else:
                got = {
                    i: translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
                    for i, n in ((0, 1), (1, 2))
                }
            if got != entry.msgstr:
                stale.append(f"{entry}: .po says {entry.msgstr}, .mo gives {got}")
    assert not stale, "django.mo is older than django.po: run compilemessages\n" + "\n".join(stale)


# --- every string marked in the code is in the catalogue ----------------------------

_PY_KEYWORDS = {
    # name: (index of the context argument or None, indexes of the msgid arguments)
    "_": (None, (0,)),
    "gettext": (None, (0,)),
    "gettext_lazy": (None, (0,)),
    "gettext_noop": (None, (0,)),
    "ngettext": (None, (0, 1)),
    "ngettext_lazy": (None, (0, 1)),
    "pgettext": (0, (1,)),
    "pgettext_lazy": (0, (1,)),
    "npgettext": (0, (1, 2)),
    "npgettext_lazy": (0, (1, 2)),
}
_TEMPLATE_CALL = re.compile(r"\b(n?p?gettext)\(((?:u'(?:[^'\\]|\\.)*'(?:, )?)+)")


def _source_files(suffix: str) -> list[Path]:
    files = []
    for folder in ("config", "jiedao", "templates"):
        for path in (ROOT / folder).rglob(f"*{suffix}"):
            if not SKIPPED_DIRS.intersection(path.relative_to(ROOT).parts):
                files.append(path)
    return files


def marked_strings() -> set[tuple[str | None, str]]:
    """(context, msgid) of every literal string passed to gettext in Python and templates."""
    found: set[tuple[str | None, str]] = set()
    for path in _source_files(".py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in _PY_KEYWORDS:
                continue
            context_at, msgid_at = _PY_KEYWORDS[name]
            args = node.args
            literal = [a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None for a in args]
            needed = (*msgid_at, *(() if context_at is None else (context_at,)))
            if len(args) > max(needed) and all(literal[i] is not None for i in needed):
                context = None if context_at is None else literal[context_at]
                for i in msgid_at:
                    msgid = literal[i]
                    assert msgid is not None  # checked above
                    found.add((context, msgid))
    for path in _source_files(".html"):
        for match in _TEMPLATE_CALL.finditer(templatize(path.read_text(encoding="utf-8"), origin=str(path))):
            strings = [ast.literal_eval(s) for s in re.findall(r"u'(?:[^'\\]|\\.)*'", match[2])]
            context = strings.pop(0) if match[1].startswith(("pgettext", "npgettext")) else None
            found.update((context, s) for s in strings)
    return found


def test_every_string_marked_in_the_code_is_in_the_catalogue(entries: list[Entry]) -> None:
    catalogue = {(e.msgctxt, e.msgid) for e in entries} | {(e.msgctxt, e.msgid_plural) for e in entries}
    marked = marked_strings()
    assert ("list separator", "、") in marked and (None, "大字模式") in marked  # the scan sees both kinds
    missing = sorted(
        f"{ctx}|{msgid}" if ctx else msgid for ctx, msgid in marked if msgid and (ctx, msgid) not in catalogue
    )
    assert not missing, "run makemessages and translate (docs/i18n.md):\n" + "\n".join(missing)


# --- (c) the language switch --------------------------------------------------------


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._hidden += 1
        self.parts += [v for k, v in attrs if k in ("aria-label", "placeholder", "title", "alt", "value") and v]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def chinese_left(html: str, data: set[str]) -> list[str]:
    """Chinese on the page once the data shown on it (names of people, areas, units…) is removed."""
    parser = _VisibleText()
    parser.feed(html)
    left = []
    for part in parser.parts:
        for word in sorted(data, key=len, reverse=True):
            part = part.replace(word, "")
        if HAN.search(part):
            left.append(part.strip())
    return left


def world_data() -> set[str]:
    data = {"简体中文"}  # the language's own name in the switch
    data |= set(Person.objects.values_list("name", flat=True))
    data |= set(Person.objects.values_list("party_branch", flat=True))
    data |= set(ResidentialArea.objects.values_list("name", flat=True))
    data |= set(Unit.objects.values_list("name", flat=True))
    data |= set(Grid.objects.values_list("name", flat=True))
    data |= set(Subdistrict.objects.values_list("name", flat=True))
    data |= set(Subdistrict.objects.values_list("district_name", flat=True))
    data |= {str(user) for user in User.objects.all()}
    return {d for d in data if d}


def switch_to_english(client: Client) -> None:
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302


def test_pages_are_chinese_until_the_language_is_switched(client: Client, db: None) -> None:
    page = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="zh-hans">' in page and "用户名" in page and "Log in" not in page


def test_the_language_switch_names_each_language_in_its_own_words(client: Client, db: None) -> None:
    page = client.get(reverse("accounts:login")).content.decode()
    assert '<option value="en" lang="en">English</option>' in page
    assert "英语" not in page


def test_the_login_page_reads_in_english_after_the_switch(client: Client, db: None) -> None:
    switch_to_english(client)
    page = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="en">' in page
    assert "Log in" in page and "Username" in page and "Password" in page and "Large text" in page
    assert chinese_left(page, {"简体中文"}) == []


def test_the_switch_back_to_chinese_works(client: Client, db: None) -> None:
    switch_to_english(client)
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert "用户名" in client.get(reverse("accounts:login")).content.decode()


def test_a_staff_page_reads_in_english_after_the_switch(client: Client, world: World) -> None:
    client.force_login(world.users["admin"])
    assert "概览" in client.get(reverse("people:dashboard")).content.decode()
    switch_to_english(client)
    page = client.get(reverse("people:dashboard")).content.decode()
    assert "Overview" in page and "Audit log" in page and "Organisation" in page and "Log out" in page
    assert "Party member" in page and "Enterprise" in page


@pytest.mark.parametrize(
    ("user", "page"),
    [
        ("admin", "people:dashboard"),
        ("admin", "people:list"),
        ("admin", "people:detail party_member"),
        ("admin", "people:edit party_member"),
        ("admin", "people:create"),
        ("admin", "people:import"),
        ("admin", "org:index"),
        ("admin", "org:area_detail xiuyuan"),
        ("admin", "org:area_edit xiuyuan"),
        ("admin", "org:unit_list"),
        ("admin", "org:unit_detail jiachun"),
        ("admin", "org:unit_edit jiachun"),
        ("admin", "org:subdistrict_edit"),
        ("admin", "audit:list"),
        ("admin", "accounts:me"),
        ("worker", "accounts:me"),
    ],
)
def test_no_chinese_from_the_code_is_left_on_an_english_page(
    client: Client, world: World, user: str, page: str
) -> None:
    person = world.people["party_member"]
    # Audit entries, so the audit page and the person's history show their rows too.
    person_reveal(actor=actor_for(world.users["admin"]), person=person, field="id_number")
    audit.record(actor=world.users["admin"], action=AuditEntry.Action.UPDATE, obj=person, detail={"fields": ["phone"]})
    name, _, key = page.partition(" ")
    objects = {"party_member": person, "xiuyuan": world.xiuyuan, "jiachun": world.jiachun}
    url = reverse(name, args=[objects[key].pk] if key else [])
    client.force_login(world.users[user])
    switch_to_english(client)
    response = client.get(url)
    assert response.status_code == 200
    # The roster file format's Chinese header words are quoted on the import page on purpose.
    data = world_data() | set(roster_columns.HEADERS)
    assert chinese_left(response.content.decode(), data) == []


def test_error_pages_follow_the_language(client: Client, world: World) -> None:
    client.force_login(world.users["worker"])
    switch_to_english(client)
    assert "Access denied" in client.get(reverse("people:list")).content.decode()
    assert "Page not found" in client.get("/no-such-page/").content.decode()
    with translation.override("en"):
        assert "Something went wrong" in render_to_string("500.html")
    with translation.override("zh-hans"):
        assert "系统暂时出错" in render_to_string("500.html")


def test_api_errors_follow_the_accept_language_header(client: Client, db: None) -> None:
    english = client.get("/api/v1/no-such-thing", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["message"] == "No such endpoint or object."
    chinese = client.get("/api/v1/no-such-thing", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert chinese.json()["message"] == "未找到该接口或对象。"
