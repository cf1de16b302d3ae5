"""The review pages in a real browser: Debian's chromium, headless, driven by Playwright (never its own
download). Screenshots go to tests/artifacts/; with BAOCAO_README_SCREENSHOT=1 the sample's document page is
also copied to docs/review.png, the README's image."""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS, ROOT, SAMPLES, needs_corpus

from baocao.pipelines.batch import run_batch
from baocao.pipelines.cli import main
from baocao.pipelines.review import _marked, write_review

ARTIFACTS = ROOT / "tests" / "artifacts"
DEV_DOCUMENTS = ("qbh_1227161a_206_QD-UBQLV_CO_THI_DUA_UBQLV_2020_VTT.pdf", "tdkt8_bbd952c3.pdf")
CHROMIUM = next((path for path in (os.environ.get("BAOCAO_CHROMIUM"), shutil.which("chromium"),
                                   "/usr/bin/chromium") if path and Path(path).is_file()), None)


def test_marked_text_is_escaped_and_nested():
    text = 'A <b> "x" & Nguyễn Văn A'
    out = _marked(text, [(13, 24, "PER"), (15, 18, "PER")], [(9, "2")])
    assert "&lt;b&gt;" in out and "&quot;x&quot;" in out
    assert out.count("<mark") == 1 and out.index('href="#fn-2"') < out.index("<mark")


def test_review_of_a_folder_without_tables_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["review", str(tmp_path)])
    assert result.exit_code == 1 and "has no documents.csv" in result.output
    assert not (tmp_path / "review").exists()


def test_review_of_the_hostile_files_writes_every_page(tmp_path):
    """Damaged files (a page pdfium cannot load made the review fail with a traceback) and failed ones (not
    opened again): every document still gets its page and a line in the index."""
    from hostile import bad_files

    folder = tmp_path / "in"
    folder.mkdir()
    bad_files(folder, inflated_mb=2, repeated_pages=20)
    out = tmp_path / "out"
    run_batch([folder], out, ocr="never")
    index = write_review(out)
    with open(out / "documents.csv", encoding="utf-8", newline="") as handle:
        documents = list(csv.DictReader(handle))
    assert len(documents) > 20
    for document in documents:
        slug = "".join(c for c in document["doc_id"] if c.isalnum() or c in "-_")
        assert (index.parent / "docs" / f"{slug}.html").exists(), document["source_file"]
    assert index.read_text(encoding="utf-8").count('class="doc status-') == len(documents)


def test_review_command_writes_the_site(tmp_path):
    out = tmp_path / "out"
    (out).mkdir()
    with open(out / "documents.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["doc_id", "source_file", "status", "error"])
        writer.writerow(["abc", 'gone/<weird> "name".pdf', "error", "cannot read the file: <gone>"])
    result = CliRunner().invoke(main, ["review", str(out)])
    assert result.exit_code == 0, result.output
    index = (out / "review" / "index.html").read_text(encoding="utf-8")
    assert "&lt;weird&gt; &quot;name&quot;.pdf" in index and "<weird>" not in index
    assert (out / "review" / "docs" / "abc.html").exists()


def test_review_says_when_the_pdfs_are_not_where_the_run_found_them(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with open(out / "documents.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["doc_id", "source_file", "status", "error"])
        writer.writerow(["abc", "moved/away.pdf", "ok", ""])
        writer.writerow(["def", "broken.pdf", "error", "not a PDF"])  # not opened again: no warning for it
    result = CliRunner().invoke(main, ["review", str(out)])
    assert result.exit_code == 0, result.output
    assert "the PDFs of 1 documents were not found" in result.stderr and "moved/away.pdf" in result.stderr


# ---------------------------------------------------------------------------------------------------
# In the browser

@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("no chromium found (apt-get install chromium; or set BAOCAO_CHROMIUM)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install .[test])")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=["--no-sandbox", "--disable-gpu"])
        yield launched
        launched.close()


class Tab:
    """A browser page that records console errors and uncaught exceptions."""

    def __init__(self, browser):
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.errors: list[str] = []
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def open(self, path: Path):
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_load_state("load")
        return self.page

    def shot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path


def _site(out: Path, inputs: list[Path]) -> Path:
    run_batch(inputs, out, jobs=2)
    return write_review(out, base=os.getcwd())


@pytest.fixture(scope="module")
def samples_site(tmp_path_factory):
    return _site(tmp_path_factory.mktemp("review-samples"), [SAMPLES])


def _documents(index: Path) -> list[dict]:
    with open(index.parent.parent / "documents.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _check_index(tab: Tab, index: Path) -> list[dict]:
    documents = _documents(index)
    page = tab.open(index)
    rows = page.locator("#documents tbody tr")
    assert rows.count() == len(documents)
    listed = {page.locator("#documents tbody tr td:nth-child(2) a").nth(i).inner_text() for i in range(rows.count())}
    assert listed == {d["source_file"] for d in documents}
    statuses = [rows.nth(i).get_attribute("class").split("status-")[-1] for i in range(rows.count())]
    order = {"error": 0, "partial": 1}
    assert statuses == sorted(statuses, key=lambda s: order.get(s, 2))  # failed and partial first
    return documents


def _click_first_row(tab: Tab, doc_page: Path, table: str = "") -> str:
    """Click the first row that has a box; check its box is shown on its page, in view. Returns its id."""
    page = tab.open(doc_page)
    boxed = page.locator(".box:not(.t-blocks):not(.t-entities)" if not table else f".box.t-{table}")
    assert boxed.count() > 0
    row_id = boxed.first.get_attribute("data-row")
    row = page.locator(f'[id="row-{row_id}"]')
    row.click()
    box = page.locator(f'[id="box-{row_id}"]')
    assert "active" in box.get_attribute("class")
    assert box.is_visible()
    page_number = row.get_attribute("data-page")
    assert box.evaluate("b => b.parentElement.id") == f"page-{page_number}"
    view = page.locator("#pages").bounding_box()
    shown = box.bounding_box()
    assert view["y"] <= shown["y"] and shown["y"] + shown["height"] <= view["y"] + view["height"]
    # and the reverse: a box selects its row
    other = boxed.nth(boxed.count() - 1)
    other.scroll_into_view_if_needed()
    other.click()
    assert "active" in page.locator(f'[id="row-{other.get_attribute("data-row")}"]').get_attribute("class")
    return row_id


def test_samples_in_the_browser(browser, samples_site):
    tab = Tab(browser)
    documents = _check_index(tab, samples_site)
    tab.shot("review-index")
    search = tab.page.locator("#search")
    search.fill("khen-thuong-2023")
    assert 0 < tab.page.locator("#documents tbody tr:not([hidden])").count() < len(documents)
    tab.page.locator("#documents th", has_text="pages").click()  # sorting runs without an error
    by_name = {Path(d["source_file"]).name: d for d in documents}
    decision = by_name["quyet-dinh-khen-thuong-2023.pdf"]
    doc_page = samples_site.parent / "docs" / f"{decision['doc_id']}.html"
    row_id = _click_first_row(tab, doc_page, "awardees")
    # the row's own characters are marked in the text (its char_start..char_end), not only its block
    tab.page.locator(f'[id="row-{row_id}"]').click()
    marked = tab.page.evaluate("() => { const h = CSS.highlights.get('row'); return h ? [...h][0].toString() : null; }")
    name = tab.page.locator(f'[id="row-{row_id}"] td').nth(2).inner_text()
    assert marked == name
    screenshot = tab.shot("review-document")
    if os.environ.get("BAOCAO_README_SCREENSHOT"):
        (ROOT / "docs").mkdir(exist_ok=True)
        from PIL import Image  # 256 colours: a third of the size, as sharp for text

        Image.open(screenshot).convert("RGB").quantize(256).save(ROOT / "docs" / "review.png", optimize=True)
    for document in documents:  # every page opens without an error; the summary too
        tab.open(samples_site.parent / "docs" / f"{document['doc_id']}.html")
    tab.open(samples_site.parent / "summary.html")
    assert tab.page.locator("svg.chart").count() >= 3
    tab.shot("review-summary")
    assert tab.errors == []


def test_footnote_links_go_both_ways(browser, samples_site):
    tab = Tab(browser)
    documents = _documents(samples_site)
    with open(samples_site.parent.parent / "footnotes.csv", encoding="utf-8", newline="") as handle:
        cited = [row for row in csv.DictReader(handle) if row["anchor_block"]]
    assert cited
    note = cited[0]
    doc = next(d for d in documents if d["doc_id"] == note["doc_id"])
    page = tab.open(samples_site.parent / "docs" / f"{doc['doc_id']}.html")
    number = note["footnote_no"]
    page.locator(f'[id="fnref-{number}"]').click()
    assert page.evaluate("location.hash") == f"#fn-{number}"
    assert page.locator(f'[id="fn-{number}"]').is_visible()
    page.locator(f'[id="fn-{number}"] a.back').click()
    assert page.evaluate("location.hash") == f"#fnref-{number}"
    # a footnote row selects its box and its text
    page.locator(f'[id="row-fn{number}"]').click()
    assert "active" in page.locator(f'[id="fn-{number}"]').get_attribute("class")
    tab.shot("review-footnote")
    assert tab.errors == []


@pytest.mark.corpus
@needs_corpus
def test_development_documents_in_the_browser(browser, tmp_path):
    inputs = [CORPUS / name for name in DEV_DOCUMENTS if (CORPUS / name).exists()]
    if not inputs:
        pytest.skip("the development corpus is not here")
    index = _site(tmp_path / "out", inputs)
    tab = Tab(browser)
    documents = _check_index(tab, index)
    for document in documents:
        _click_first_row(tab, index.parent / "docs" / f"{document['doc_id']}.html")
        tab.shot(f"review-dev-{document['doc_id']}")
    assert tab.errors == []
