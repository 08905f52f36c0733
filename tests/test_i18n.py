"""The Russian interface (ui/i18n.py): the catalogue holds every message, the code sends every
reader-facing string through t(), and every page reads in Russian with ?lang=ru (AppTest).

The real-browser check (the language kept across page navigation, the sidebar switch) is in
tests/test_browser_i18n.py.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import re

import pytest

from scripts import messages
from tests.support.data import ROOT, open_app, shown
from ui import i18n, labels

CYRILLIC = re.compile(r"[А-Яа-яЁё]")
PAGES = ["app_pages/overview.py", "app_pages/explore.py", "app_pages/outlet.py", "app_pages/jurisdictions.py", "app_pages/answers.py", "app_pages/changes.py", "app_pages/methodology.py"]


# ---------------------------------------------------------------- (a) the catalogue


def test_the_catalogue_has_every_message_translated_and_nothing_stale():
    assert messages.catalogues() == [i18n.catalogue_path("ru")]
    problems = messages.report(i18n.catalogue_path("ru"))
    assert not problems, "\n".join(problems[:30]) + "\nRun: .venv/bin/python -m scripts.messages, then translate (docs/development.md, Translating)"


def test_messages_are_only_literals():
    """t("…") with a literal, never an f-string or a variable: the catalogue can only hold literals."""
    assert not messages.misuses(), "\n".join(messages.misuses())


def test_the_collector_reads_what_the_code_calls(tmp_path, monkeypatch):
    """The checks above can fail: a new message, an f-string and a stale entry are each reported."""
    page = tmp_path / "app_pages"
    page.mkdir()
    (page / "new.py").write_text(
        'from ui.i18n import t, tn\nname = "x"\nt("A brand-new heading")\nt(f"Hello {name}")\ntn("{n} cat", "{n} cats", 2)\n', encoding="utf-8"
    )
    monkeypatch.setattr(messages, "ROOT", tmp_path)
    monkeypatch.setattr(messages, "declared", dict)
    found = messages.collect()
    assert set(found) == {"A brand-new heading", "{n} cat"} and found["{n} cat"].plural == "{n} cats"
    assert [line.split(":")[0] for line in messages.misuses()] == ["app_pages/new.py, line 4"]
    po = tmp_path / "locale" / "ru" / "LC_MESSAGES" / "dashboard.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: ru\\n"\n"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"\n\n'
        'msgid "A brand-new heading"\nmsgstr "Совсем новый заголовок {extra}"\n\nmsgid "Gone"\nmsgstr "Ушло"\n',
        encoding="utf-8",
    )
    report = messages.report(po)
    assert any(r.startswith("stale: 'Gone'") for r in report), report
    assert any(r.startswith("untranslated: '{n} cat'") for r in report), report
    assert any(r.startswith("placeholders differ: 'A brand-new heading'") for r in report), report


def test_russian_plural_forms_and_numbers():
    one, few, many = "{n:,} designation of its own", "{n:,} designations of its own", None
    with i18n.speaking("ru"):
        got = {n: i18n.tn(one, few, n) for n in (1, 2, 5, 11, 21, 22, 25, 111, 1234)}
        assert i18n.day(dt.date(2024, 3, 1)) == "1 марта 2024\u202fг."  # CLDR's narrow no-break space
        assert i18n.number(1234567) == "1\u00a0234\u00a0567"
    assert many is None
    assert got[1] == "1 собственная мера" and got[21] == "21 собственная мера"
    assert got[2] == "2 собственные меры" and got[22] == "22 собственные меры" and got[1234] == "1\u00a0234 собственные меры"
    assert got[5] == "5 собственных мер" and got[11] == "11 собственных мер" and got[25] == "25 собственных мер" and got[111] == "111 собственных мер"
    assert i18n.tn(one, few, 1) == "1 designation of its own" and i18n.tn(one, few, 1234) == "1,234 designations of its own"
    assert i18n.day(dt.date(2024, 3, 1)) == "01 March 2024"


def test_english_is_the_default_and_the_message_itself():
    assert i18n.language() == "en"
    assert i18n.t("In force on {date}", date="2024-01-01") == "In force on 2024-01-01"
    with i18n.speaking("ru"):
        assert i18n.t("In force on {date}", date="2024-01-01") == "Действуют на 2024-01-01"
        assert i18n.t("A message nobody wrote") == "A message nobody wrote"  # a gap reads in English, never breaks
    with i18n.speaking("xx"):
        assert i18n.language() == "en"


def test_words_for_codes_in_russian(real_reg):
    with i18n.speaking("ru"):
        designations = labels.designation_labels(real_reg)
        countries = labels.country_names(real_reg)
        vocab = labels.vocabulary(real_reg)
    # the vocabulary's official Russian terms (RU: «…» in designation_types.csv), else the catalogue's
    assert designations["foreign_agent"] == "Иностранный агент"
    assert designations["undesirable"] == "Нежелательная организация"
    assert designations["extremist"] == "Экстремистская организация"
    assert designations["fara_registration"] == "Регистрация по FARA" and designations["broadcast_ban"] == "Запрет вещания"
    assert all(CYRILLIC.search(word) for word in designations.values()), designations
    # CLDR's country names (Babel), the EU included
    assert countries["RU"] == "Россия" and countries["US"] == "Соединенные Штаты" and countries["EU"] == "Европейский союз"
    assert all(CYRILLIC.search(name) for name in countries.values()), [c for c, n in countries.items() if not CYRILLIC.search(n)]
    assert vocab["status"] == {"in_force": "действует", "ended": "прекращена"}
    assert vocab["outlet_kind"]["journalist"] == "человек"
    # a Russian law by its Russian title
    ru_laws = real_reg.laws[real_reg.laws["jurisdiction"] == "RU"]
    assert any(CYRILLIC.search(vocab["legal_basis"][law]) for law in ru_laws["id"])


def test_links_keep_codes_in_every_language(real_reg):
    """The address and the downloads keep codes: the words never reach registry/ (here, the notices' values)."""
    from registry import params

    found = params.notice_of("status", ["active"])
    assert found is not None and found.values["value"] == "'active'" and found.values["choices"] == "in_force"
    with i18n.speaking("ru"):
        said = i18n.translated(found.template, **found.values)
    assert said == "Значение status 'active' не учтено: используйте in_force или ended."
    assert found.text() == params.notice("status", ["active"]) == "Ignored status 'active': use in_force or ended."


# ---------------------------------------------------------------- (b) no untranslated Streamlit text

READER_CALLS = {  # Streamlit (and plotly) calls whose first argument is text a reader sees
    "title", "header", "subheader", "caption", "markdown", "write", "text", "info", "warning", "error", "success", "toast",
    "button", "download_button", "link_button", "page_link", "selectbox", "multiselect", "radio", "text_input", "text_area",
    "date_input", "number_input", "slider", "select_slider", "checkbox", "toggle", "segmented_control", "pills", "metric",
    "expander", "popover", "spinner", "tabs", "Page", "TextColumn", "NumberColumn", "LinkColumn", "DateColumn",
    "BarChartColumn", "LineChartColumn", "ProgressColumn", "CheckboxColumn", "SelectboxColumn", "ListColumn",
}  # fmt: skip
READER_KEYWORDS = {"label", "help", "placeholder", "title", "page_title", "display_text", "xaxis_title", "yaxis_title", "legend_title_text", "text"}
PATH_FIRST = {"Page", "page_link", "switch_page"}  # their first argument is a page's file, their words are keywords
NOT_WORDS = {"BibTeX", "CSL-JSON", "ID"}  # names, the same in every language
OWN = {"url", "i18n", "labels", "columns", "context", "share", "notices", "choice", "charts", "cache", "settled", "filters", "language", "registry"}
SOURCE_FILES = [ROOT / "dashboard.py", *sorted((ROOT / "app_pages").glob("*.py")), *sorted((ROOT / "ui").glob("*.py"))]


def _words(node: ast.AST) -> bool:
    """A literal a reader would read: a string (or f-string) with letters in its own text."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(re.search(r"[A-Za-z]", node.value)) and node.value not in NOT_WORDS
    if isinstance(node, ast.JoinedStr):
        return any(_words(part) for part in node.values if isinstance(part, ast.Constant))
    if isinstance(node, ast.List | ast.Tuple):
        return any(_words(e) for e in node.elts)
    if isinstance(node, ast.Dict):
        return any(_words(v) for v in node.values if v is not None)
    return False


def untranslated(path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id if isinstance(node.func, ast.Name) else ""
        if isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name) and node.func.value.id in OWN:
            continue  # the project's own helpers (url.write("status", …)); what they draw is checked where they draw it
        texts = [node.args[0]] if name in READER_CALLS and name not in PATH_FIRST and node.args else []
        texts += [k.value for k in node.keywords if k.arg in READER_KEYWORDS or (k.arg == "labels" and name != "t")]
        if name in ("t", "tn", "translated"):
            continue
        if any(_words(text) for text in texts):
            where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
            found.append(f"{where}, line {node.lineno}: {ast.unparse(node)[:110]}")
    return found


@pytest.mark.parametrize("path", SOURCE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_reader_facing_literal_escapes_t(path):
    found = untranslated(path)
    assert not found, "wrap these in t() (ui/i18n.py):\n" + "\n".join(found)


def test_the_untranslated_check_finds_what_it_should(tmp_path):
    sample = tmp_path / "page.py"
    sample.write_text(
        "import streamlit as st\nfrom ui.i18n import t\nn = 3\n"
        'st.title("Raw heading")\n'  # 4: caught
        'st.caption(f"{n} rows shown")\n'  # 5: caught (an f-string with words)
        'st.title(t("Fine"))\n'
        'st.markdown(f"- {n}")\n'  # no words of its own: fine
        'st.button(t("Go"), help="Untranslated help")\n'  # 8: caught
        'st.tabs([t("Chart"), "Table"])\n'  # 9: caught
        'st.tabs([t("Text"), "BibTeX"])\n',
        encoding="utf-8",
    )
    lines = [int(line.split("line ")[1].split(":")[0]) for line in untranslated(sample)]
    assert lines == [4, 5, 8, 9]


# ---------------------------------------------------------------- (c) every page in Russian (AppTest)


def _headings_and_labels(at) -> list[tuple[str, str]]:
    """What a page shows as headings and labels: titles, headers, widget labels and options' placeholders, tabs, metrics, expanders, buttons."""
    out = []
    for kind in ("title", "header", "subheader", "metric", "tabs", "expander", "button", "selectbox", "multiselect", "text_input", "date_input", "radio"):
        for element in at.get(kind):
            text = getattr(element, "label", None)
            if text is None and kind in ("title", "header", "subheader"):
                text = element.value
            if isinstance(text, str) and text:
                out.append((kind, shown(text)))
    return out


@pytest.fixture
def small(small_data, monkeypatch):
    monkeypatch.setenv("REGISTRY_DATA", str(small_data))


@pytest.mark.parametrize("page", PAGES)
def test_every_page_reads_in_russian(small, page):
    at = open_app(page if page != PAGES[0] else None, lang="ru", as_of="2024-02-02", outlet="north-wind", view="Timeline")
    assert not at.exception, [e.value for e in at.exception]
    assert at.query_params["lang"] == "ru"  # kept after moving to the page
    texts = _headings_and_labels(at)
    assert len(texts) >= 3, texts
    data_names = {"North Wind"}  # an outlet's name is data, shown as written
    english = [(kind, text) for kind, text in texts if not CYRILLIC.search(text) and text not in data_names | NOT_WORDS]
    assert not english, english
    assert CYRILLIC.search(at.main.caption[-1].value), at.main.caption[-1].value  # the footer
    assert "версия набора данных" in at.main.caption[-1].value
    for table in at.dataframe:  # column headings
        headings = [column.get("label", "") for column in json.loads(table.proto.columns or "{}").values()]
        assert all(CYRILLIC.search(h) or h in NOT_WORDS or not re.search("[A-Za-z]", h) for h in headings), headings


def test_russian_keeps_english_values_in_the_address(small):
    at = open_app(lang="ru", as_of="2024-02-02", view="Timeline", split="jurisdiction", sub="Table")
    assert not at.exception
    tabs = [t.label for t in at.tabs]
    assert "Хронология" in tabs and "Таблица" in tabs
    assert at.query_params["view"] == "Timeline" and at.query_params["split"] == "jurisdiction" and at.query_params["sub"] == "Table"
    table = at.dataframe[0].value  # the Table tab is the open one: years by jurisdiction, in words
    assert "Россия" in table.columns


def test_a_bad_language_gets_a_notice_and_english(small):
    at = open_app(lang="klingon")
    assert not at.exception
    assert any("Ignored lang 'klingon': use en or ru." in shown(w.value) for w in at.warning), [w.value for w in at.warning]
    assert at.title[0].value == "Media Freedom Registry"
    assert "lang" not in at.query_params


def test_the_switch_changes_the_language_and_the_address(small):
    at = open_app(lang="ru")
    assert at.title[0].value == "Реестр свободы СМИ"
    at.sidebar.radio(key="lang").set_value("en").run()
    assert at.title[0].value == "Media Freedom Registry" and "lang" not in at.query_params
    at.sidebar.radio(key="lang").set_value("ru").run()
    assert at.title[0].value == "Реестр свободы СМИ" and at.query_params["lang"] == "ru"
    at.switch_page("app_pages/methodology.py").run()
    assert at.title[0].value == "Методология" and at.query_params["lang"] == "ru"


def test_the_image_carries_the_catalogue():
    """The catalogue is read at run time from locale/: the production image must hold it (deploy/Dockerfile)."""
    lines = (ROOT / "deploy" / "Dockerfile").read_text(encoding="utf-8").splitlines()
    assert any(re.match(r"COPY\s+locale/?\s+locale/?\s*$", line) for line in lines), "deploy/Dockerfile: COPY locale/ locale/"
