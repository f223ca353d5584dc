"""The comparison report in a real browser: it renders, without console errors, offline.

A tiny ``commonsim compare`` writes the report; chromium opens ``index.html`` from disk and
every request it makes must be to a local file (or data embedded in the page).
"""

from __future__ import annotations

from browser_support import browser_page, need_chromium, screenshot


def test_report_renders_offline(cli, tmp_path):
    need_chromium()
    out = tmp_path / "report"
    result = cli("compare", "1a", "3", "--replicates", "2", "--households", "100",
                 "--years", "16", "--workers", "1", "--no-store", "--quiet", "--out", out)
    assert result.exit_code == 0, result.output
    index = out / "index.html"
    assert index.is_file()

    with browser_page(tmp_path / "profile") as (page, watch):
        page.goto(index.as_uri())
        page.wait_for_load_state("load")
        assert page.locator("h1").count() >= 1
        images = page.locator("img")
        assert images.count() >= 1
        # Every figure decoded (a broken image has no natural width).
        widths = page.evaluate("Array.from(document.images).map(i => i.naturalWidth)")
        assert all(w > 0 for w in widths), widths
        # Links inside the report point at something that exists in the page.
        missing = page.evaluate(
            "Array.from(document.querySelectorAll('a[href^=\"#\"]'))"
            ".map(a => a.getAttribute('href').slice(1))"
            ".filter(id => id && !document.getElementById(id))")
        assert missing == []
        screenshot(page, "report")

    assert watch.requests, "the page made no request at all"
    assert [u for u in watch.requests if not u.startswith(("file:", "data:", "blob:"))] == []
    assert watch.errors == []
