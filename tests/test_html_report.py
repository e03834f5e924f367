"""The HTML report in a real headless browser (Debian's chromium, via chromedriver).

Locally the browser tests are skipped when chromium is missing (`apt-get install
chromium chromium-driver`); in CI (CI=true) a missing browser fails them, so a
green run always means the report was opened in a browser.
"""
from __future__ import annotations

import base64
import io
import json
import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
LAPTOP = (1440, 900)

PAGES = {
    "ketamine.md": "# Ketamine\n\nOur infusions **cure depression** and are 100% safe.\n\nStudies show it works.\n",
    "drip.html": "<h1>Drips</h1><p>Our IV drip offers <em>instant</em> relief and is FDA-approved for anxiety.</p>",
    "clean.txt": "We are open Monday to Friday.\n",
    # A file name that once ended the report's script early: the data block must escape '<'.
    "<!--<script>.txt": "Our tea cures gout. </script><script>document.title='pwned'</script>\n",
    "long.md": "# A long page\n\n" + "\n\n".join(f"Paragraph {n} about opening hours and parking." for n in range(80))
               + "\n\nOur serum reverses ageing and works every time.\n",
}


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    from click.testing import CliRunner

    from claimlint.cli import main

    site = tmp_path_factory.mktemp("site")
    for name, text in PAGES.items():
        (site / name).write_text(text)
    runner = CliRunner()
    out = site.parent / "report.html"
    runner.invoke(main, ["check", "--format", "html", "-o", str(out), str(site)])
    data = json.loads(runner.invoke(main, ["check", "--format", "json", str(site)]).stdout)
    return out, data


@pytest.fixture(scope="module")
def browser():
    if not (CHROMIUM and CHROMEDRIVER):
        message = "needs Debian's chromium and chromium-driver: apt-get install chromium chromium-driver"
        if os.environ.get("CI"):
            pytest.fail(message + " (CI must run the browser tests, not skip them)")
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--hide-scrollbars", f"--window-size={LAPTOP[0]},{LAPTOP[1]}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    # A laptop screen: the page's viewport is exactly 1440x900.
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": LAPTOP[0], "height": LAPTOP[1], "deviceScaleFactor": 1, "mobile": False})
    yield driver
    driver.quit()


def open_report(browser, out):
    browser.get(out.as_uri())
    assert browser.execute_script("return document.body.dataset.ready") == "yes", "the report's script ran to the end"


def mark_with(browser, text):
    return next(m for m in browser.find_elements("css selector", "mark") if text in m.text)


def test_report_is_self_contained(report):
    out, _ = report
    html = out.read_text()
    assert "http://" not in html.split("<script", 1)[0].replace('http-equiv', '') and "<link" not in html
    assert "src=" not in html


def test_data_block_escapes_markup_and_line_separators():
    from claimlint.output.html import script_json

    text = script_json({"path": "<!--<script>.txt", "text": "a & b > c \u2028\u2029 </script>"})
    assert not any(c in text for c in "<>&\u2028\u2029")
    assert json.loads(text) == {"path": "<!--<script>.txt", "text": "a & b > c \u2028\u2029 </script>"}


def test_a_hostile_file_name_and_text_do_not_break_the_page(report, browser):
    out, data = report
    open_report(browser, out)
    assert browser.title == "claimlint report"
    assert any(f["path"].endswith("<!--<script>.txt") for f in data["findings"])
    mark_with(browser, "cures gout").click()
    assert "<!--<script>.txt" in browser.find_element("id", "detail").text


def test_highlights_are_where_the_findings_are(report, browser):
    out, data = report
    open_report(browser, out)
    marks = browser.find_elements("css selector", "mark")
    assert marks
    texts: dict[str, str] = {}
    for m in marks:
        for fid in m.get_attribute("data-ids").split():
            texts[fid] = texts.get(fid, "") + m.get_attribute("textContent")
    flagged = sorted(f["text"].replace("**", "").replace("<em>", "").replace("</em>", "") for f in data["findings"])
    assert sorted(texts.values()) == flagged
    assert browser.find_element("id", "visible-count").text == str(len(data["findings"]))


def test_index_counts_each_file_by_category(report, browser):
    out, data = report
    open_report(browser, out)
    rows = browser.find_elements("css selector", "table.index tbody tr")
    assert len(rows) == len(PAGES)
    for row in rows:
        path = row.find_element("css selector", "a").text
        mine = [f for f in data["findings"] if f["path"] == path]
        assert row.find_elements("css selector", "td")[1].text == str(len(mine))
        chips = {c.get_attribute("data-category"): c.text for c in row.find_elements("css selector", ".cat")}
        assert chips == {cat: f"{cat} {sum(f['category'] == cat for f in mine)}" for cat in {f["category"] for f in mine}}
    link = next(r for r in rows if r.text.startswith(next(p for p in (f["path"] for f in data["findings"]) if p.endswith("long.md"))))
    link.find_element("css selector", "a").click()
    assert browser.execute_script("return scrollY") > 500, "the index links to the file's section"


def test_each_files_list_shows_the_rewordings(report, browser):
    out, data = report
    open_report(browser, out)
    shown = [e.text for e in browser.find_elements("css selector", "ol.findings .rewording")]
    assert "→ may help ease symptoms of depression for some people" in shown
    assert len(shown) == sum(1 for f in data["findings"] if f["suggestions"])


def test_clicking_a_highlight_explains_it(report, browser):
    out, _ = report
    open_report(browser, out)
    mark_with(browser, "cure depression").click()
    detail = browser.find_element("id", "detail").text
    assert "cure-claim" in detail and "Regulatory basis" in detail and "Write instead" in detail
    assert "may help ease symptoms of depression for some people" in detail
    assert "21 CFR 101.93(g)(2)" in detail


def test_hover_previews_but_does_not_replace_what_a_click_chose(report, browser):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    out, _ = report
    open_report(browser, out)
    detail = browser.find_element("id", "detail")
    ActionChains(browser).move_to_element(mark_with(browser, "Studies show")).perform()
    assert "vague" in detail.text, "hovering previews while nothing is pinned"
    mark_with(browser, "cure depression").click()
    ActionChains(browser).move_to_element(mark_with(browser, "Studies show")).perform()
    assert "cure-claim" in detail.text and "vague" not in detail.text
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    ActionChains(browser).move_to_element(mark_with(browser, "cure depression")).move_to_element(
        mark_with(browser, "Studies show")).perform()
    assert "vague" in detail.text, "Escape unpins"


def test_explanation_is_in_view_on_a_laptop_screen(report, browser, tmp_path):
    out, _ = report
    open_report(browser, out)
    assert browser.execute_script("return [innerWidth, innerHeight]") == list(LAPTOP)
    far = mark_with(browser, "every time")  # at the bottom of an 80-paragraph page
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", far)
    far.click()
    top, bottom = browser.execute_script(
        "const r = document.getElementById('detail').getBoundingClientRect(); return [r.top, r.bottom]")
    aside_bottom = browser.execute_script("return document.querySelector('aside').getBoundingClientRect().bottom")
    assert 0 <= top < 100, "the explanation starts at the top of the window"
    assert aside_bottom <= LAPTOP[1], "the sticky column is never taller than the window"
    assert "guarantee" in browser.find_element("id", "detail").text
    (tmp_path / "laptop.png").write_bytes(browser.get_screenshot_as_png())


def test_filters_hide_and_show(report, browser):
    out, data = report
    open_report(browser, out)
    total = len(data["findings"])
    cure_only = sum(1 for f in data["findings"] if f["category"] == "cure")
    browser.find_element("css selector", "input[name=category][value=cure]").click()
    assert browser.find_element("id", "visible-count").text == str(total - cure_only)
    assert "hidden" in mark_with(browser, "cure depression").get_attribute("class")
    browser.find_element("css selector", "input[name=severity][value=error]").click()
    errors = sum(1 for f in data["findings"] if f["severity"] == "error" and f["category"] != "cure")
    assert browser.find_element("id", "visible-count").text == str(total - cure_only - errors)
    browser.find_element("css selector", "input[name=category][value=cure]").click()
    browser.find_element("css selector", "input[name=severity][value=error]").click()
    assert browser.find_element("id", "visible-count").text == str(total)


def test_print_puts_why_and_rewording_beside_the_text(report, browser):
    out, _ = report
    open_report(browser, out)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert not browser.find_element("css selector", "aside").is_displayed()
        para = next(p for p in browser.find_elements("css selector", ".para.has-notes") if "cure depression" in p.text)
        block = para.find_element("css selector", ".block").rect
        notes = para.find_element("css selector", ".print-notes")
        assert notes.is_displayed()
        assert notes.rect["x"] > block["x"] + block["width"] - 1, "the notes sit beside the prose"
        assert "Write instead: may help ease symptoms of depression for some people" in notes.text
        assert "21 CFR 101.93" in notes.text or "FTC" in notes.text  # the why, with its regulatory basis
        prose = browser.find_element("css selector", "section.file .block").rect["width"]
        assert prose > 0.5 * LAPTOP[0] * 0.5, "the prose is not squeezed into a narrow column"
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    pdf = base64.b64decode(browser.print_page())
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") + pdf.count(b"/Type/Page") >= 1


def test_screenshot_shows_highlights_and_filtering_removes_them(report, browser, tmp_path):
    from PIL import Image

    out, _ = report
    open_report(browser, out)
    browser.execute_script("document.querySelector('mark').scrollIntoView({block: 'center'})")
    shot = browser.get_screenshot_as_png()
    (tmp_path / "report.png").write_bytes(shot)
    image = Image.open(io.BytesIO(shot)).convert("RGB")
    assert image.size == LAPTOP

    def error_red_pixels(img) -> int:  # the error underline, #c62828
        pixels = getattr(img, "get_flattened_data", img.getdata)()
        return sum(1 for r, g, b in pixels if abs(r - 198) < 12 and abs(g - 40) < 12 and abs(b - 40) < 12)

    before = error_red_pixels(image)
    assert before > 50, "error highlights are drawn"
    browser.find_element("css selector", "input[name=severity][value=error]").click()
    after = error_red_pixels(Image.open(io.BytesIO(browser.get_screenshot_as_png())).convert("RGB"))
    assert after < before / 2, "hiding errors removes their highlights (the badge colour may remain)"
