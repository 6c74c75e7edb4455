"""The web chat page in a real browser: Debian's headless Chromium driven by Selenium.

The app (over the fake pipeline) runs with uvicorn on a free loopback port. Needs
/usr/bin/chromium and /usr/bin/chromedriver (``scripts/install_chromium.sh`` installs them);
skipped only when they are missing. Selenium Manager is never used: the driver and the browser
are given explicitly, so nothing is downloaded. The screenshot goes to
tests/artifacts/web_chat.png (git-ignored).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from conftest_api import WEB3, FakePipeline

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--disable-dev-shm-usage",
    "--window-size=1100,1000",
)
WAIT_SECONDS = 15
XSS = "<script>window.__pwned=1</script>"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (CHROMIUM.is_file() and CHROMEDRIVER.is_file()),
        reason=f"{CHROMIUM} or {CHROMEDRIVER} is missing: run scripts/install_chromium.sh "
        "(Debian's chromium and chromium-driver) to run the browser test",
    ),
]


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    os.environ.setdefault("SE_OFFLINE", "true")  # belt and braces: Selenium Manager stays off
    profile = tmp_path_factory.mktemp("chromium-profile")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    service = Service(executable_path=str(CHROMEDRIVER))
    browser = webdriver.Chrome(service=service, options=options)
    browser.set_page_load_timeout(WAIT_SECONDS)
    try:
        yield browser
    finally:
        browser.quit()
        shutil.rmtree(profile, ignore_errors=True)


def wait(driver: WebDriver) -> WebDriverWait[WebDriver]:
    return WebDriverWait(driver, WAIT_SECONDS)


def bot_turns(driver: WebDriver) -> list[WebElement]:
    return driver.find_elements(By.CSS_SELECTOR, "#log .turn.bot")


def ask(driver: WebDriver, question: str) -> WebElement:
    """Type the question, press Enter, and return the new answer turn."""
    before = len(bot_turns(driver))
    box = driver.find_element(By.ID, "question")
    box.send_keys(question)
    box.send_keys(Keys.ENTER)
    try:
        wait(driver).until(lambda d: len(bot_turns(d)) > before)
    except TimeoutException:
        pytest.fail(f"no answer for {question!r}; status: {status_text(driver)!r}")
    turn = bot_turns(driver)[-1]
    # Keyboard flow: the focus is back in the question box, ready for the next question.
    wait(driver).until(lambda d: d.switch_to.active_element == box)
    assert box.get_attribute("value") == ""
    return turn


def status_text(driver: WebDriver) -> str:
    return driver.find_element(By.ID, "status").text


def test_web_chat(driver: WebDriver, base_url: str, pipeline: FakePipeline) -> None:
    driver.get(f"{base_url}/")
    assert driver.title.startswith("hkqa")
    wait(driver).until(
        ec.text_to_be_present_in_element((By.ID, "corpus-status"), "2 articles indexed")
    )
    # The question box is labelled, focused on load, and the log is a live region.
    box = driver.find_element(By.ID, "question")
    label = driver.find_element(By.CSS_SELECTOR, "label[for='question']")
    assert label.text == "Your question"
    assert driver.switch_to.active_element == box
    log = driver.find_element(By.ID, "log")
    assert log.get_attribute("aria-live") == "polite"

    # 1. An answer with its span highlighted and a citation.
    turn = ask(driver, "How much did the government allocate to Web3?")
    assert "answer" in (turn.get_attribute("class") or "").split()
    assert turn.find_element(By.CSS_SELECTOR, ".badge").text.lower() == "answer"
    assert turn.find_element(By.CSS_SELECTOR, ".answer-value").text == "HK$50 million"
    span = turn.find_element(By.CSS_SELECTOR, ".evidence mark.span")
    assert span.text == "HK$50 million"
    evidence = turn.find_element(By.CSS_SELECTOR, ".evidence").text
    assert "The government allocated HK$50 million to Web3 development" in evidence
    summary = turn.find_element(By.CSS_SELECTOR, ".source summary")
    assert "[1]" in summary.text and WEB3.title in summary.text

    # The citation expands, from the keyboard, to the sentence in its article's context.
    summary.send_keys(Keys.ENTER)
    context = wait(driver).until(
        lambda d: turn.find_element(By.CSS_SELECTOR, ".context mark.sentence")
    )
    assert context.text.startswith("The government allocated")
    assert context.find_element(By.CSS_SELECTOR, "mark.span").text == "HK$50 million"
    around = turn.find_element(By.CSS_SELECTOR, ".context-text").text
    assert "technology sector keeps growing" in around  # the sentence before
    assert "150 Web3 companies" in around  # and after

    # 2. A follow-up: the page sends the conversation so far.
    ask(driver, "When was that?")
    question, history, _ = pipeline.calls[-1]
    assert question == "When was that?"
    assert [(m.role, m.content) for m in history] == [
        ("user", "How much did the government allocate to Web3?"),
        ("assistant", "HK$50 million"),
    ]
    assert "Understood as" in bot_turns(driver)[-1].text

    # 3. Conflicting sources are shown distinctly.
    turn = ask(driver, "How much did the fireworks cost?")
    assert "conflict" in (turn.get_attribute("class") or "").split()
    assert turn.find_element(By.CSS_SELECTOR, ".badge").text.lower() == "sources disagree"
    # The primary claim, repeated among the conflicts by the pipeline, is listed once.
    (conflict,) = turn.find_elements(By.CSS_SELECTOR, ".conflicts .source summary")
    assert "[2]" in conflict.text and "HK$15 million" in conflict.text
    assert len(turn.find_elements(By.CSS_SELECTOR, ".source")) == 2

    # 4. A refusal is shown distinctly.
    turn = ask(driver, "What is the population of Hong Kong?")
    assert "refusal" in (turn.get_attribute("class") or "").split()
    assert turn.find_element(By.CSS_SELECTOR, ".badge").text.lower() == "not in the articles"
    assert not turn.find_elements(By.CSS_SELECTOR, ".source")

    # 5. Markup in a question is shown as text and never runs.
    ask(driver, f"What is {XSS}?")
    bubbles = driver.find_elements(By.CSS_SELECTOR, "#log .turn.user .bubble")
    assert bubbles[-1].text == f"What is {XSS}?"
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    assert driver.execute_script("return document.querySelectorAll('#log script').length") == 0

    # An empty question is refused in the page, without a request.
    calls = len(pipeline.calls)
    driver.find_element(By.ID, "question").send_keys("   " + Keys.ENTER)
    wait(driver).until(lambda d: "Type a question first" in status_text(d))
    assert len(pipeline.calls) == calls

    # Screenshot of the whole conversation (the first citation still open).
    ARTIFACTS.mkdir(exist_ok=True)
    for _ in range(3):  # the window grows to fit the page, whose height can then change
        height = int(driver.execute_script("return document.documentElement.scrollHeight"))
        inner = int(driver.execute_script("return window.innerHeight"))
        if inner >= height:
            break
        driver.set_window_size(1100, min(driver.get_window_size()["height"] + height - inner, 4000))
    driver.execute_script("window.scrollTo(0, 0)")
    shot = ARTIFACTS / "web_chat.png"
    assert driver.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000
