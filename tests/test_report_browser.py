"""The HTML report in a real headless browser (Debian's chromium and chromium-driver, as
``.ci/run`` installs them; Selenium from the test extra).

Opens the index from ``file://``, sorts and filters the table, follows a figure's link and
a link to a letter's page, checks that a marked value shows its path and that a defect
links to its place, and that no page logs a console error.  A screenshot of each kind of
page is written to ``test-artifacts/report/`` (git-ignored).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from imrparse.report import write_html
from tests.corpus import CORPUS, corpus_cases
from tests.report_helpers import LETTERS, defect_letter, hostile_letter, matches, table_rows

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed "
                                "(pip install -e '.[test]')")
from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "report"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not (Path(CHROMIUM).is_file() and Path(DRIVER).is_file()):
        pytest.skip(f"no headless browser: {CHROMIUM} or {DRIVER} is missing (Debian "
                    "packages chromium and chromium-driver; .ci/run installs them)")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--disable-gpu", "--window-size=1400,1000"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(DRIVER))
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Our letters, a letter with defects and, where present, twenty real letters; the
    table's rows in files of 7, so that several are loaded."""
    folder = tmp_path_factory.mktemp("letters")
    for letter in LETTERS.glob("*.txt"):
        shutil.copy(letter, folder / letter.name)
    (folder / "with-defects.txt").write_text(defect_letter(), "utf-8")
    for case in corpus_cases()[:20]:
        shutil.copy(CORPUS / f"{case}.pypdf.txt", folder / f"{case}.txt")
    out = tmp_path_factory.mktemp("report") / "site"
    write_html([folder], out, chunk_rows=7)
    return out


def _no_console_errors(driver: Any) -> None:
    errors = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []


def _loaded(driver: Any) -> None:
    WebDriverWait(driver, 20).until(
        lambda d: d.find_element(By.ID, "status").get_attribute("data-done") == "yes")


def _column(driver: Any, number: int) -> list[str]:
    """The texts of a column of the table's page, read at once (the page may be redrawn
    between two reads of single cells)."""
    texts: list[str] = driver.execute_script(
        "return Array.from(document.querySelectorAll('#rows tr td:nth-child(' + arguments[0]"
        " + ')'), (cell) => cell.textContent);", number)
    return texts


def _shot(driver: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def test_index_sorts_filters_and_links(browser: Any, site: Path) -> None:
    rows = table_rows(site)
    assert len(list((site / "data").glob("rows-*.js"))) > 1
    browser.get((site / "index.html").as_uri())
    _loaded(browser)
    shown = browser.find_elements(By.CSS_SELECTOR, "#rows tr")
    assert len(shown) == min(len(rows), 100)
    assert f"({len(rows)} rows in all)" in browser.find_element(By.ID, "status").text
    _shot(browser, "index")

    # Sort by case number, then the other way (letters without one last, both ways).
    numbers = sorted(r["case_number"] for r in rows if r["case_number"])
    blanks = ["(no case number)"] * sum(not r["case_number"] for r in rows)
    case = browser.find_element(By.CSS_SELECTOR, '#heads th[data-key="case_number"]')
    case.click()
    assert case.get_attribute("aria-sort") == "ascending"
    assert _column(browser, 1) == ([*numbers, *blanks])[:100]
    case.click()
    assert case.get_attribute("aria-sort") == "descending"
    assert _column(browser, 1) == ([*reversed(numbers), *blanks])[:100]

    # Filter by typing: overturned decisions only.
    box = browser.find_element(By.CSS_SELECTOR, '#filters input[data-key="outcome"]')
    box.send_keys("overturned")
    overturned = sum(r["outcome"] == "overturned" for r in rows)
    WebDriverWait(browser, 5).until(lambda d: len(_column(d, 7)) == min(overturned, 100))
    assert set(_column(browser, 7)) == {"overturned"}
    browser.find_element(By.ID, "clear").click()
    WebDriverWait(browser, 5).until(lambda d: len(_column(d, 7)) == min(len(rows), 100))

    # A figure's link filters the table to the decisions behind it.
    link = browser.find_element(By.CSS_SELECTOR, "table.figures tbody a")
    group = link.text
    link.click()
    status = browser.find_element(By.ID, "status")
    WebDriverWait(browser, 5).until(lambda d: "matching" in status.text)
    category = [r for r in rows if r["decision"] == "yes" and r["treatment_category"] == group]
    assert status.text.startswith(f"{len(category)} matching row(s)")
    assert set(_column(browser, 5)) == {group}
    assert group in browser.find_element(By.ID, "chips").text
    _shot(browser, "index-filtered")
    _no_console_errors(browser)


def test_letter_page_marks_values_and_defects(browser: Any, site: Path) -> None:
    rows = table_rows(site)
    browser.get((site / "index.html").as_uri())
    _loaded(browser)
    # The overview's link to the letters with defects, then the letter's own page.
    browser.find_element(By.PARTIAL_LINK_TEXT, "letters with parse defects").click()
    WebDriverWait(browser, 5).until(
        lambda d: len(_column(d, 1)) == sum(matches(r, {"has_defects": ["yes"]})
                                            for r in rows))
    browser.find_element(By.CSS_SELECTOR, "#rows tr td:nth-child(1) a").click()
    WebDriverWait(browser, 5).until(lambda d: "/letters/" in d.current_url)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Case CM16-0000001"
    _no_console_errors(browser)

    # A marked value shows its field and value: in its tip, and in the box when clicked.
    mark = browser.find_element(By.CSS_SELECTOR, 'mark.v[title^="header.case_number = "]')
    assert mark.get_attribute("title") == "header.case_number = CM16-0000001"
    mark.click()
    info = browser.find_element(By.ID, "info")
    assert info.text.startswith("header.case_number = CM16-0000001")
    assert "selected" in mark.get_attribute("class")
    nested = browser.find_element(By.CSS_SELECTOR, 'mark.v[title^="items[0].treatment.drug_class"]')
    nested.click()
    assert "inside items[0].request" in info.text
    _shot(browser, "letter")

    # Each defect in the list links to its place in the text.
    links = browser.find_elements(By.CSS_SELECTOR, "a.defect-link")
    assert [a.text for a in links] == ["bad-date", "unknown-outcome"]
    links[1].click()
    assert browser.current_url.endswith("#defect-1")
    target = browser.execute_script("return document.querySelector(':target');")
    assert target.get_attribute("class") == "defect selected"
    assert target.find_element(By.XPATH, "./ancestor::pre").get_attribute("class") == "imr-text"
    assert target.text == "Maybe"
    assert browser.execute_script(
        "const r = arguments[0].getBoundingClientRect();"
        "return r.top >= 0 && r.bottom <= window.innerHeight;", target)
    assert info.text.startswith("defect unknown-outcome at items[0].outcome: ")
    _shot(browser, "letter-defect")
    _no_console_errors(browser)


def test_hostile_letter_runs_nothing(browser: Any, tmp_path: Path) -> None:
    (tmp_path / "letters").mkdir()
    (tmp_path / "letters" / "hostile.txt").write_text(hostile_letter(), "utf-8")
    write_html([tmp_path / "letters"], tmp_path / "site")
    for page in (tmp_path / "site" / "index.html",
                 *sorted((tmp_path / "site").glob("letters/*/*.html"))):
        browser.get(page.as_uri())
        if page.name == "index.html":
            _loaded(browser)
        with pytest.raises(NoAlertPresentException):
            browser.switch_to.alert.text  # noqa: B018
        assert browser.execute_script(
            "return document.querySelectorAll('img, b, script:not([src])').length") == 0
        assert "<script>" in browser.find_element(By.TAG_NAME, "body").text
        _no_console_errors(browser)
