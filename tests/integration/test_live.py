"""The live page in real headless Chromium (Debian's chromium and chromedriver, driven by
Selenium), against a real intake process and a real worker."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
import redis
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from eventwire.channels.redis_streams import RedisStreamPublisher
from eventwire.schemas.enrichment import ActorRef, CodedEvent, Place, Span
from eventwire.schemas.ids import derive_id
from eventwire.schemas.messages import ArticleRecord
from eventwire.settings import Settings
from tests.integration.conftest import IntakeProcess, WorkerProcess, collect

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
SEED = json.loads((ROOT / "examples" / "seed_article.json").read_text(encoding="utf-8"))
KEY = "live-key"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--window-size=1280,1700",
)


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    """Headless Chromium; fails (never skips) when Debian's chromium is not installed."""
    if not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)):
        pytest.fail("the live page test needs chromium and chromium-driver (.ci/ensure-chromium)")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def intake(settings: Settings, tmp_path: Path) -> Iterator[IntakeProcess]:
    process = IntakeProcess(
        settings.model_copy(update={"api_keys": [KEY]}), tmp_path / "intake.log"
    )
    try:
        process.wait_ready()
        yield process
    finally:
        process.stop()


def with_places(record: ArticleRecord) -> ArticleRecord:
    """The seed record as a places enricher and an event coder would fill it: Astana with its
    coordinates, and one coded event. A new record id, so the publisher publishes it."""
    text = record.article.text
    start = text.index("Astana")
    sentence = Span(start=text.rfind(".", 0, start) + 1, end=text.index(".", start) + 1)
    astana = Place(
        text="Astana",
        span=Span(start=start, end=start + 6),
        name="Astana",
        kind="city",
        geonames_id=1526273,
        lat=51.1801,
        lon=71.44598,
        country="KZ",
        confidence=0.9,
    )
    meeting = CodedEvent(
        source=ActorRef(code="SYRGOV", name="Syrian government"),
        target=ActorRef(code="SYRREB", name="Syrian opposition"),
        cameo_code="036",
        cameo_root="03",
        plover="CONSULT",
        place="Astana",
        date="2017-01-23",
        statement=True,
        modality="future",
        sentence=sentence,
        confidence=0.6,
    )
    enrichment = record.enrichment.model_copy(update={"places": [astana], "events": [meeting]})
    return record.model_copy(
        update={
            "record_id": derive_id("rec", "live-page-test", record.record_id),
            "enrichment": enrichment,
            "processed_at": datetime.now(UTC),
        }
    )


class TestLivePage:
    """Records published by a real worker show up on the page: places, quotes, events."""

    def test_astana_on_the_map_and_lavrov_in_the_quotes(
        self,
        settings: Settings,
        redis_client: redis.Redis,
        worker: WorkerProcess,
        intake: IntakeProcess,
        browser: webdriver.Chrome,
    ) -> None:
        """The seed article and a copy, posted over HTTP and processed by a worker, put the
        Lavrov quote in the list and the dedup rate on the page; the record with places,
        published through the real publisher, puts Astana on the map; a screenshot is kept in
        test-artifacts/."""
        response = httpx.post(
            f"{intake.url}/v1/articles",
            json=[SEED, {**SEED, "external_id": "a-copy"}],
            headers={"X-API-Key": KEY},
            timeout=30,
        )
        assert response.status_code == 202
        found = collect(redis_client, settings, {"records": 1, "duplicates": 1})
        record = found["records"][0].message
        assert isinstance(record, ArticleRecord)
        publisher = RedisStreamPublisher(
            redis_client, settings.stream_prefix, settings.stream_maxlen, 3600
        )
        assert publisher.publish([with_places(record)]) == [True]

        browser.get(f"{intake.url}/live")
        wait = WebDriverWait(browser, 30)
        wait.until(lambda d: "Astana" in d.find_element(By.ID, "places").text)
        wait.until(lambda d: "Lavrov" in d.find_element(By.ID, "quotes").text)
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#land path")) > 50)

        label = browser.find_element(By.CSS_SELECTOR, '#places .place[data-name="Astana"] text')
        circle = browser.find_element(By.CSS_SELECTOR, '#places .place[data-name="Astana"] circle')
        # Equirectangular on a 720 x 360 view box: (lon + 180) * 2, (90 - lat) * 2.
        assert float(circle.get_attribute("cx") or "nan") == pytest.approx(502.9, abs=0.1)
        assert float(circle.get_attribute("cy") or "nan") == pytest.approx(77.6, abs=0.1)
        assert label.text == "Astana"
        quotes = browser.find_element(By.ID, "quotes").text
        assert "will take place on January 23" in quotes
        assert "CONSULT" in browser.find_element(By.ID, "timeline").text
        assert browser.find_element(By.ID, "count-records").text == "2"
        assert browser.find_element(By.ID, "count-duplicates").text == "1"
        # One duplicate among three articles seen (two records, one duplicate notice).
        assert browser.find_element(By.ID, "dedup-rate").text == "33.3%"
        ARTIFACTS.mkdir(exist_ok=True)
        assert browser.save_screenshot(str(ARTIFACTS / "live-page.png"))
