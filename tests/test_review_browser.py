"""The review page in headless Chromium (Debian's chromium driven by playwright): decisions with
the keyboard, undo and the export byte for byte; two editors on one finding; a hostile article."""

from __future__ import annotations

from pathlib import Path

import pytest

from detector.apps.review.store import ReviewStore
from review_helpers import (ARTICLE, HOSTILE_MESSAGE, HOSTILE_SUGGESTION, SCRIPT, finding_id, queue_article,
                            queue_hostile, serving)

sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (.ci/run installs it)")
expect = sync_api.expect

SAFE_EXPORT = ("The council will meet on Monday. The vote was postponed.\n\n"
               "The ministry backs machine learning research outside the capital. the mayor said the talks would go on.\n")
STRICT_EXPORT = SAFE_EXPORT.replace("postponed.\n", "postponed. .\n")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Tab:
    """A page in its own browser context, recording dialogs and script errors."""

    def __init__(self, browser, url: str) -> None:
        self.context = browser.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True)
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(url)
        expect(self.page.locator(".item.current")).to_have_count(1)

    def item(self, fid: int):
        return self.page.locator(f"#q-{fid}")

    def decide(self, fid: int, key: str, state: str) -> None:
        self.item(fid).click()
        self.page.keyboard.press(key)
        expect(self.item(fid)).to_have_attribute("data-state", state)

    def close(self) -> None:
        self.context.close()
        assert self.errors == []


@pytest.fixture
def tabs(browser):
    opened: list[Tab] = []

    def open_tab(url: str) -> Tab:
        opened.append(Tab(browser, url))
        return opened[-1]

    yield open_tab
    for tab in opened:
        tab.close()


def test_accept_reject_edit_undo_then_export(tmp_path, tabs, cli):
    db = queue_article(tmp_path)
    ids = {text: finding_id(db, text) for text in ("on on", ". .", "synthetic intelligence", ". the")}
    with serving(db) as server:
        tab = tabs(server.url)
        page = tab.page
        expect(page.locator(".item")).to_have_count(4)
        expect(page.locator(".document:not([hidden]) .hl")).to_have_count(4)

        tab.decide(ids["on on"], "a", "accepted")
        expect(page.locator(f'.repl[data-for="{ids["on on"]}"]')).to_have_text("on")
        expect(page.locator(".item.current")).to_have_attribute("data-state", "pending")   # moved on

        tab.item(ids["synthetic intelligence"]).click()
        page.keyboard.press("e")
        expect(page.locator("#edit-text")).to_be_focused()
        expect(page.locator("#edit-text")).to_have_value("artificial intelligence")
        page.locator("#edit-text").fill("machine learning")
        page.keyboard.press("Enter")
        expect(tab.item(ids["synthetic intelligence"])).to_have_attribute("data-state", "edited")
        expect(page.locator(f'.repl[data-for="{ids["synthetic intelligence"]}"]')).to_have_text("machine learning")
        expect(tab.item(ids["synthetic intelligence"]).locator(".new")).to_have_text("machine learning")

        tab.decide(ids[". the"], "r", "rejected")
        tab.decide(ids[". ."], "a", "accepted")
        page.keyboard.press("u")
        expect(tab.item(ids[". ."])).to_have_attribute("data-state", "pending")
        expect(page.locator(".notice")).to_contain_text("Undone")
        expect(page.locator("#done")).to_have_text("3")
        expect(page.locator('.legend [data-state="pending"] b')).to_have_text("1")

        tab.item(ids["on on"]).click()
        order = page.locator(".item").evaluate_all("items => items.map(i => i.id)")
        page.keyboard.press("j")
        expect(page.locator(".item.current")).to_have_id(order[order.index(f"q-{ids['on on']}") + 1])
        page.keyboard.press("k")
        expect(page.locator(".item.current")).to_have_id(f"q-{ids['on on']}")

        with page.expect_download() as download:
            page.locator(".document:not([hidden]) .download").click()
        assert download.value.suggested_filename == "council.txt"
        assert Path(download.value.path()).read_bytes() == SAFE_EXPORT.encode()

        page.reload()                                   # the decisions are in the file, not the tab
        for text, state in (("on on", "accepted"), ("synthetic intelligence", "edited"), (". the", "rejected"), (". .", "pending")):
            expect(tab.item(ids[text])).to_have_attribute("data-state", state)

    assert cli("review", "export", tmp_path / "out", "--db", db).exit_code == 0
    assert (tmp_path / "out" / "council.txt").read_bytes() == SAFE_EXPORT.encode()
    assert cli("review", "export", tmp_path / "strict", "--db", db, "--no-safe").exit_code == 0
    assert (tmp_path / "strict" / "council.txt").read_bytes() == STRICT_EXPORT.encode()
    assert (tmp_path / "articles" / "council.txt").read_bytes() == ARTICLE.encode()


@pytest.mark.parametrize("servers", [1, 2], ids=["two tabs", "two servers"])
def test_a_stale_decision_gets_409_and_the_first_decision_stands(tmp_path, tabs, servers):
    db = queue_article(tmp_path)
    fid = finding_id(db, "synthetic intelligence")
    with serving(db, "ana") as one, serving(db, "ben") as other:
        first = tabs(f"{one.url}#f{fid}")
        second = tabs(f"{(other if servers == 2 else one).url}#f{fid}")
        first.page.keyboard.press("a")
        expect(first.item(fid)).to_have_attribute("data-state", "accepted")

        with second.page.expect_response(lambda r: "/api/findings/" in r.url) as response:
            second.page.keyboard.press("r")
        assert response.value.status == 409
        expect(second.page.locator(".notice")).to_contain_text("changed in another window or by another editor")
        expect(second.page.locator(".notice")).to_be_visible()
        expect(second.item(fid)).to_have_attribute("data-state", "accepted")
        with ReviewStore(db) as store:
            assert store.finding(fid).state == "accepted"
            assert [d["action"] for d in store.decisions()] == ["accept"]

        second.page.keyboard.press("r")                 # deciding again, on the version now shown, works
        expect(second.item(fid)).to_have_attribute("data-state", "rejected")


def test_a_hostile_article_renders_as_text_and_runs_nothing(tmp_path, tabs):
    with serving(queue_hostile(tmp_path)) as server:
        tab = tabs(server.url)
        page = tab.page
        expect(page.locator(".document:not([hidden]) .text")).to_contain_text(f"A reader wrote {SCRIPT} in")
        card = page.locator(".card:not([hidden])")
        expect(card.locator(".message")).to_have_text(HOSTILE_MESSAGE)
        expect(card.locator(".suggestion")).to_have_text(HOSTILE_SUGGESTION)
        expect(card.locator(".evidence")).to_contain_text("y <i>x</i> z")
        page.keyboard.press("a")                        # the suggestion goes into the text by script
        expect(page.locator(".repl")).to_have_text(HOSTILE_SUGGESTION)
        assert page.locator("script").count() == 1 and page.locator("img, .card i, .document i").count() == 0
        page.wait_for_timeout(300)
        assert tab.dialogs == []


def test_conflicting_decisions_are_shown_and_the_download_says_what_export_writes(tmp_path, tabs, cli):
    from review_helpers import OVERLAP, queue_overlapping

    db = queue_overlapping(tmp_path, OVERLAP.replace("town hall", "town hall café"), encoding="cp1252")
    narrow, wide = finding_id(db, "on on"), finding_id(db, "on on Monday")
    with serving(db) as server:
        tab = tabs(f"{server.url}#f{narrow}")
        page = tab.page
        banner = page.locator(".document:not([hidden]) .doc-conflicts")
        expect(banner).to_be_hidden()
        page.keyboard.press("e")
        page.locator("#edit-text").fill("at 🎉")
        page.keyboard.press("Enter")
        expect(tab.item(narrow)).to_have_attribute("data-state", "edited")
        tab.decide(wide, "a", "accepted")
        expect(page.locator(".notice")).to_contain_text(f"only {wide} is applied")
        expect(page.locator(".notice")).to_be_visible()
        expect(banner).to_be_visible()
        expect(banner).to_contain_text(f"finding {narrow} (edited 'on on' -> 'at 🎉')")
        with page.expect_download() as download:
            page.locator(".document:not([hidden]) .download").click()
        downloaded = Path(download.value.path()).read_bytes()
        page.reload()
        expect(page.locator(".document:not([hidden]) .doc-conflicts")).to_be_visible()
        tab.item(wide).click()
        page.keyboard.press("u")
        expect(tab.item(wide)).to_have_attribute("data-state", "pending")
        expect(page.locator(".document:not([hidden]) .doc-conflicts")).to_be_hidden()
    result = cli("review", "export", tmp_path / "out", "--db", db)
    assert result.exit_code == 0                        # the conflict was undone before this export
    with ReviewStore(db) as store:
        f = store.finding(wide)
        store.decide(f.id, "accept", f.version)
    result = cli("review", "export", tmp_path / "out", "--db", db)
    assert result.exit_code == 1 and "conflict: " in result.stderr
    assert (tmp_path / "out" / "overlap.txt").read_bytes() == downloaded
