"""The dashboard in a real browser: load, refuse a bad value, change a control, run, re-run.

One server and one page for the whole scenario (starting the server dominates the time).
Every request the page makes is recorded and must stay on 127.0.0.1; no console errors.
"""

from __future__ import annotations

import pytest
from browser_support import browser_page, dashboard_server, screenshot

from commonsim.errors import ConfigError
from commonsim.regimes import load_regime

PRESET = "commons-partner-state"  # the page's default preset


def _set(page, label: str, value: str) -> None:
    field = page.get_by_label(label, exact=True).first
    field.fill(value)
    field.press("Enter")


def _first_figure(page) -> str:
    return page.locator(".commonsim-results img").first.get_attribute("src") or ""


def _run(page) -> None:
    page.get_by_role("button", name="Run").click()
    page.locator(".commonsim-progress").wait_for(timeout=30_000)  # progress is shown
    page.locator(".commonsim-status").wait_for(timeout=240_000)  # then the results


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    """A store holding one small run, for the stored-runs tab."""
    import commonsim
    from commonsim.store import Store

    path = tmp_path_factory.mktemp("store") / "runs.duckdb"
    with Store(path) as db:
        db.save_result(commonsim.simulate("netarchical", households=50, years=3, seed=0))
    return path


def test_dashboard_runs_offline(stored, tmp_path):
    with (dashboard_server(stored, cwd=tmp_path) as url,
          browser_page(tmp_path / "profile") as (page, watch)):
        page.goto(url)
        page.get_by_role("button", name="Run").wait_for(timeout=90_000)
        _set(page, "Households", "60")
        _set(page, "Years", "16")
        _set(page, "Seeds", "2")
        page.get_by_text("Check the essay's claims", exact=False).click()  # untick: no claims
        # The political rule: one switch, shown as a changed setting.
        page.get_by_text("Political rule: institutions follow", exact=False).click()
        page.locator(".commonsim-changed").wait_for(timeout=15_000)
        assert "politics.enabled = True" in page.locator(".commonsim-changed").inner_text()

        # A bad value gets the command line's own one-line message.
        page.get_by_text("M2.6 ", exact=False).first.click()
        label = "state.security (M2.6)"
        _set(page, label, "1.5")
        with pytest.raises(ConfigError) as cli_error:
            load_regime(PRESET, {"state.security": 1.5})
        error = page.locator(".commonsim-error")
        error.wait_for(timeout=15_000)
        assert error.inner_text().strip().endswith(str(cli_error.value))

        _set(page, label, "0.5")
        page.locator(".commonsim-changed", has_text="state.security = 0.5").wait_for(
            timeout=15_000)
        assert "state.security = 0.5" in page.locator(".commonsim-changed").inner_text()
        _run(page)
        figures = page.locator(".commonsim-results img")
        assert figures.count() >= 8  # eight time series in the first tab
        before = _first_figure(page)
        screenshot(page, "dashboard-after-run")

        # Change the control again: the figures must change with it.
        _set(page, label, "0.0")
        page.get_by_text("state.security = 0.0").wait_for(timeout=15_000)
        _run(page)
        page.wait_for_function(
            "before => { const i = document.querySelector('.commonsim-results img');"
            " return i && i.getAttribute('src') !== before; }", arg=before, timeout=30_000)
        assert _first_figure(page) != before

        page.get_by_role("tab", name="Inequality and income").click()
        page.locator(".commonsim-results img:visible").nth(2).wait_for(timeout=15_000)
        screenshot(page, "dashboard-inequality")

        # Institutions moved by the political rule, and the scenario plane.
        page.get_by_role("tab", name="Institutions").click()
        page.locator(".commonsim-institutions img:visible").nth(1).wait_for(timeout=15_000)
        assert page.locator(".commonsim-institutions img").count() == 2
        screenshot(page, "dashboard-institutions")

        # A transition: one scheduled change, saved as a regime file the loader reads.
        page.get_by_role("tab", name="Transition").click()
        _set(page, "Year", "5")
        page.get_by_label("New value", exact=True).fill("0.3")
        page.get_by_role("button", name="Add change").click()
        page.get_by_text("from year 5: labour.bargaining = 0.3").wait_for(timeout=15_000)
        page.get_by_role("button", name="Save regime file").click()
        page.get_by_text("saved my-transition.toml", exact=False).wait_for(timeout=15_000)
        saved = load_regime(tmp_path / "my-transition.toml")
        assert saved.params.state.security == 0.0  # the value changed in Explore
        assert saved.params.politics.enabled  # and the political switch
        assert any(c.year == 5 and c.values == {"labour.bargaining": 0.3}
                   for c in saved.schedule)
        screenshot(page, "dashboard-transition")

        page.get_by_role("tab", name="Stored runs").click()
        page.get_by_text("complete run(s)", exact=False).wait_for(timeout=30_000)
        assert "1 complete run(s)" in page.locator("body").inner_text()
        screenshot(page, "dashboard-stored-runs")

    assert watch.requests, "the page made no request at all"
    assert watch.outside() == []
    assert watch.errors == []
