#!/usr/bin/env python3
"""Screenshot of the review page for the README: the seeds queued, a few decisions made.

    python scripts/review_screenshot.py [--out docs/review.png]

Needs Debian's chromium and the `playwright` package (the `test` extra).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from detector.apps.review.queue import enqueue
from detector.apps.review.server import ReviewServer
from detector.apps.review.store import ReviewStore
from detector.config import Config

REPO = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# (file, quoted text, action, edit): decisions made before the screenshot
DECISIONS = [
    ("002_3ff6c92db07b6aa6.txt", "swift and harsh", "accept", None),
    ("002_3ff6c92db07b6aa6.txt", ". guarantees", "accept", None),
    ("002_3ff6c92db07b6aa6.txt", "we we", "accept", None),
    ("002_3ff6c92db07b6aa6.txt", "about safety", "edit", "about their security"),
    ("002_3ff6c92db07b6aa6.txt", "opposition front in Moscow", "reject", None),
    ("002_3ff6c92db07b6aa6.txt", "Lavrov MP", "skip", None),
    ("001_7fa934ba9f43fec6.txt", ". the", "accept", None),
    ("001_7fa934ba9f43fec6.txt", "Jazeeras", "accept", None),
]


def decide(store: ReviewStore) -> None:
    for name, text, action, edit in DECISIONS:
        f = next((f for f in store.findings() if Path(store.document(f.document_id).path).name == name
                  and f.text.startswith(text) and f.state == "pending"), None)
        if f is not None:
            store.decide(f.id, action, f.version, edit, "editor")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=REPO / "docs" / "review.png")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "review.db"
        with ReviewStore(db) as store:
            enqueue(store, [str(REPO / "seeds")], Config())
            decide(store)
            focus = next(f for f in store.findings() if f.state == "pending" and f.evidence
                         and store.document(f.document_id).path.endswith(DECISIONS[0][0]))
        server = ReviewServer(db, editor="editor")
        server.start()
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1440, "height": 900})
                page.goto(f"{server.url}#f{focus.id}")
                page.wait_for_selector(".card:not([hidden])")
                args.out.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(args.out))
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
