"""The Python API as a notebook user meets it: short reprs, compare(), a fast import."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import commonsim
from commonsim.atlas import default_cases
from commonsim.atlas.countries import names, unknown_codes
from commonsim.atlas.page import render_page

#: Modules `commonsim --help` must not load: the numeric, storage, experiment and dashboard
#: libraries, the pydantic schemas, and the engine behind the API.
HEAVY = ("numpy", "pandas", "scipy", "matplotlib", "duckdb", "numba", "pydantic", "SALib",
         "dask", "distributed", "solara", "commonsim.api", "commonsim.economy.engine")


def test_importing_the_cli_loads_no_heavy_library():
    code = ("import json, sys, commonsim.cli; "
            f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert json.loads(out.stdout) == []


def test_help_does_not_load_the_rich_help_formatter():
    """`commonsim --help` prints plain Click help: Typer's Rich formatter costs ~0.3 s."""
    code = ("import json, sys\n"
            "from commonsim.cli import app\n"
            "try:\n"
            "    app(['--help'])\n"
            "except SystemExit:\n"
            "    pass\n"
            "print(json.dumps([m for m in ('typer.rich_utils', 'rich.markdown', 'markdown_it')"
            " if m in sys.modules]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert json.loads(out.stdout.splitlines()[-1]) == []


def test_help_lists_every_command(cli):
    result = cli("--help")
    assert result.exit_code == 0
    for command in ("run", "compare", "claims", "validate", "atlas", "dashboard"):
        assert command in result.output


def test_cli_store_default_is_the_stores():
    from commonsim.cli import DEFAULT_PATH
    from commonsim.experiments.cli import DEFAULT_PATH as EXPERIMENT_DEFAULT
    from commonsim.store import DEFAULT_PATH as STORE_DEFAULT

    assert DEFAULT_PATH == EXPERIMENT_DEFAULT == STORE_DEFAULT


def test_report_cli_styles_every_verdict():
    from commonsim.claims import (
        DEFINITIONAL,
        FAILS,
        HOLDS,
        INCONCLUSIVE,
        MISSING,
        NEGLIGIBLE,
        TRANSIENT,
    )
    from commonsim.report.cli import STYLE

    assert set(STYLE) == {HOLDS, FAILS, INCONCLUSIVE, MISSING, NEGLIGIBLE, TRANSIENT,
                          DEFINITIONAL}


def test_result_repr_is_a_few_lines_and_html_is_a_small_table():
    result = commonsim.simulate("netarchical", households=50, years=3)
    text = repr(result)
    assert text.startswith("Result: netarchical (model 2), 50 households, 3 years, seed 0")
    assert len(text.splitlines()) <= 4 and len(text) < 600
    assert "wealth_gini" in text
    html = result._repr_html_()
    assert "<table>" in html and "wealth_gini" in html and len(html) < 2000


def test_compare_returns_runs_and_claims():
    done = commonsim.compare(["1a", "3"], replicates=2, households=40, years=16, workers=1)
    assert set(done.runs["regime"]) == {"proprietary-balanced", "commons-partner-state"}
    assert set(done.runs["replicate"]) == {0, 1}
    verdicts = done.verdicts()
    assert verdicts and set(verdicts) == {r.id for r in done.claims}
    table = done.claims_table()
    assert set(table["claim"]) == set(verdicts)
    text = repr(done)
    assert text.startswith("ComparisonResult: proprietary-balanced, commons-partner-state")
    assert len(text.splitlines()) == 3
    assert "<table>" in done._repr_html_()


def test_compare_refuses_bad_input_before_running():
    with pytest.raises(commonsim.ConfigError, match="replicates"):
        commonsim.compare(replicates=0)
    with pytest.raises(commonsim.ConfigError, match="unknown regime"):
        commonsim.compare(["no-such-regime"])


def test_every_atlas_country_has_a_name():
    cases = default_cases()
    assert [c.country for c in cases if unknown_codes(c.country)] == []
    assert "Spain" in names("IT, NL, ES") and "ES" in names("ES")


def test_the_atlas_page_finds_spain_by_name():
    cases = default_cases()
    page = render_page(cases)
    spanish = [c for c in cases if "ES" in c.country.replace(" ", "").split(",")]
    assert spanish
    rows = [line for line in page.splitlines() if line.startswith("<tr id=")]
    with_spain = [r for r in rows if "spain" in r.split("data-text='")[1].split("'")[0]]
    assert len(with_spain) == len(spanish)
