"""The atlas command, run through a local Typer app as the project's CLI will register it."""

import re

import pytest
import typer
from typer.testing import CliRunner

from commonsim.atlas import loader
from commonsim.atlas.cli import atlas

runner = CliRunner()


@pytest.fixture
def app() -> typer.Typer:
    local = typer.Typer()
    local.command()(atlas)
    return local


def test_matrix_lists_every_characteristic(app):
    result = runner.invoke(app, [], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    for char_id in ("M1.1", "M2.6", "M3.11"):
        assert char_id in result.output
    assert f"{len(loader.default_cases())} cases" in result.output
    assert "Gaps (no case):" in result.output


def test_matrix_marks_gaps(app, monkeypatch):
    one = tuple(c for c in loader.default_cases() if c.id == "taylor-bethlehem-steel")
    monkeypatch.setattr(loader, "default_cases", lambda: one)
    result = runner.invoke(app, [], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if "M3.11" in line)
    assert "gap" in row
    assert re.search(r"Gaps \(no case\): M1\.3, M1\.5, M1\.6, M2\.1", result.output)


def test_one_characteristic_lists_cases_with_facts_and_sources(app):
    result = runner.invoke(app, ["M1.2"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "deskilling" in result.output
    assert "Taylor's pig-iron study at Bethlehem Steel" in result.output
    assert "12.5 long tons" in result.output
    assert "Source: F. W. Taylor" in result.output


def test_characteristic_by_slug(app):
    result = runner.invoke(app, ["partner-state"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "Decidim Barcelona" in result.output


def test_characteristic_without_cases_says_gap(app, monkeypatch):
    monkeypatch.setattr(loader, "default_cases", lambda: ())
    result = runner.invoke(app, ["M3.4"])
    assert result.exit_code == 0
    assert "gap in the patchwork" in result.output


@pytest.mark.parametrize("bad", ["M9.9", "C.1", "nonsense"])
def test_unknown_characteristic_exits_2_with_allowed_ids(app, bad):
    result = runner.invoke(app, [bad])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1
    assert bad in lines[0] and "M1.1" in lines[0] and "M3.11" in lines[0]


def test_html_page_is_self_contained(app, tmp_path):
    out = tmp_path / "atlas.html"
    result = runner.invoke(app, ["--html", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "id='matrix'" in page and "id='cases'" in page and 'id="filter"' in page
    assert "<script>" in page and "<style>" in page
    assert r"split(/\s+/)" in page and r"/^[mc]\d*\.\d+$/" in page  # regexes reach the page intact
    assert not re.search(r"<script[^>]+src=|<link\b|@import|<img\b|<iframe\b", page)
    assert page.count("<tr id=") == len(loader.default_cases())
    assert "https://www.supremecourt.uk/press-summary/uksc-2019-0029.html" in page


def test_html_escapes_text(app, tmp_path, monkeypatch):
    base = loader.default_cases()[0]
    evil = base.model_copy(update={"name": "<b>bold</b> & co", "summary": "'quoted'"})
    monkeypatch.setattr(loader, "default_cases", lambda: (evil,))
    out = tmp_path / "atlas.html"
    assert runner.invoke(app, ["--html", str(out)]).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; co" in page and "<b>bold</b>" not in page


def test_html_prefilters_on_characteristic(app, tmp_path):
    out = tmp_path / "m35.html"
    assert runner.invoke(app, ["M3.5", "--html", str(out)]).exit_code == 0
    assert 'value="M3.5"' in out.read_text(encoding="utf-8")


def test_html_unwritable_path(app, tmp_path):
    result = runner.invoke(app, ["--html", str(tmp_path / "missing" / "atlas.html")])
    assert result.exit_code == 1
    assert "Cannot write" in result.output
