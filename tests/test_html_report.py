"""The HTML report in a real headless browser (Debian's chromium, via chromedriver)."""
from __future__ import annotations

import io
import json
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                reason="needs Debian's chromium and chromium-driver (installed by .ci/run)")

PAGES = {
    "ketamine.md": "# Ketamine\n\nOur infusions **cure depression** and are 100% safe.\n\nStudies show it works.\n",
    "drip.html": "<h1>Drips</h1><p>Our IV drip offers <em>instant</em> relief and is FDA-approved for anxiety.</p>",
    "clean.txt": "We are open Monday to Friday.\n",
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
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1400,1000"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


def test_report_is_self_contained(report):
    out, _ = report
    html = out.read_text()
    assert "http://" not in html.split("<script", 1)[0].replace('http-equiv', '') and "<link" not in html
    assert "src=" not in html


def test_highlights_are_where_the_findings_are(report, browser):
    out, data = report
    browser.get(out.as_uri())
    marks = browser.find_elements("css selector", "mark")
    assert marks
    texts: dict[str, str] = {}
    for m in marks:
        for fid in m.get_attribute("data-ids").split():
            texts[fid] = texts.get(fid, "") + m.text
    flagged = sorted(f["text"].replace("**", "").replace("<em>", "").replace("</em>", "") for f in data["findings"])
    shown = sorted(texts.values())
    assert shown == flagged
    assert browser.find_element("id", "visible-count").text == str(len(data["findings"]))


def test_clicking_a_highlight_explains_it(report, browser):
    out, _ = report
    browser.get(out.as_uri())
    mark = next(m for m in browser.find_elements("css selector", "mark") if "cure depression" in m.text)
    mark.click()
    detail = browser.find_element("id", "detail").text
    assert "cure-claim" in detail and "Regulatory basis" in detail and "Write instead" in detail
    assert "may help ease symptoms of depression for some people" in detail
    assert "21 CFR 101.93(g)(2)" in detail


def test_filters_hide_and_show(report, browser):
    out, data = report
    browser.get(out.as_uri())
    total = len(data["findings"])
    cure_only = sum(1 for f in data["findings"] if f["category"] == "cure")
    browser.find_element("css selector", "input[name=category][value=cure]").click()
    assert browser.find_element("id", "visible-count").text == str(total - cure_only)
    mark = next(m for m in browser.find_elements("css selector", "mark") if "cure depression" in m.text)
    assert "hidden" in mark.get_attribute("class")
    browser.find_element("css selector", "input[name=severity][value=error]").click()
    errors = sum(1 for f in data["findings"] if f["severity"] == "error" and f["category"] != "cure")
    assert browser.find_element("id", "visible-count").text == str(total - cure_only - errors)
    browser.find_element("css selector", "input[name=category][value=cure]").click()
    browser.find_element("css selector", "input[name=severity][value=error]").click()
    assert browser.find_element("id", "visible-count").text == str(total)


def test_screenshot_shows_highlights_and_filtering_removes_them(report, browser, tmp_path):
    from PIL import Image

    out, _ = report
    browser.get(out.as_uri())
    shot = browser.get_screenshot_as_png()
    (tmp_path / "report.png").write_bytes(shot)
    image = Image.open(io.BytesIO(shot)).convert("RGB")
    assert image.size[0] >= 1000 and image.size[1] >= 700

    def error_red_pixels(img) -> int:  # the error underline, #c62828
        pixels = getattr(img, "get_flattened_data", img.getdata)()
        return sum(1 for r, g, b in pixels if abs(r - 198) < 12 and abs(g - 40) < 12 and abs(b - 40) < 12)

    before = error_red_pixels(image)
    assert before > 50, "error highlights are drawn"
    browser.find_element("css selector", "input[name=severity][value=error]").click()
    after = error_red_pixels(Image.open(io.BytesIO(browser.get_screenshot_as_png())).convert("RGB"))
    assert after < before / 2, "hiding errors removes their highlights (the badge colour may remain)"
