"""The atlas as one self-contained HTML page: the patchwork matrix and a filterable case table.

Everything (style and the small filter script) is inline, so the file can be opened offline,
mailed or archived without any other file or network access.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from commonsim.atlas.countries import NAMES, codes
from commonsim.atlas.countries import names as country_names
from commonsim.atlas.query import coverage, status
from commonsim.atlas.schema import ATLAS_IDS, Case
from commonsim.characteristics import CHARACTERISTICS, MODEL_NAMES

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem; max-width: 90rem; color: #222; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #ccc; padding: 0.3rem 0.5rem; vertical-align: top; text-align: left; }
th { background: #f3f3f3; }
td.n { text-align: center; min-width: 4rem; }
.gap { background: #f8d7da; color: #900; font-weight: bold; }
.thin { background: #fff3cd; }
.covered { background: #d4edda; }
.model { background: #e9ecef; font-weight: bold; }
#filter { font-size: 1rem; padding: 0.3rem; width: 30rem; }
#cases td { font-size: 0.9rem; }
ul { margin: 0; padding-left: 1.1rem; }
a.cell { color: inherit; }
"""

_SCRIPT = r"""
const box = document.getElementById('filter');
const rows = Array.from(document.querySelectorAll('#cases tbody tr'));
function apply() {
  const words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
  let shown = 0;
  for (const row of rows) {
    const text = ' ' + row.dataset.text + ' ';
    // An ID such as m3.1 must match whole, so that it does not also pick m3.10 and m3.11.
    const ok = words.every(w => /^[mc]\d*\.\d+$/.test(w) ? text.includes(' ' + w + ' ')
                                                          : text.includes(w));
    row.hidden = !ok;
    if (ok) shown += 1;
  }
  document.getElementById('shown').textContent = shown;
}
box.addEventListener('input', apply);
document.querySelectorAll('a.cell').forEach(a => a.addEventListener('click', e => {
  e.preventDefault(); box.value = a.dataset.id; apply(); box.scrollIntoView();
}));
apply();
"""


def render_page(cases: Sequence[Case], initial_filter: str = "") -> str:
    """The whole atlas as an HTML document (a string), optionally pre-filtered."""
    counts, states = coverage(cases), status(cases)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>commonsim case-study atlas</title>",
        f"<style>{_STYLE}</style></head><body>",
        "<h1>Case-study atlas</h1>",
        f"<p>{len(cases)} real cases mapped onto the characteristics of Bauwens' three models "
        "of value creation. A cell counts the cases that illustrate a characteristic; "
        "<span class='gap'>gap</span> means none does, "
        "<span class='thin'>yellow</span> fewer than two checked cases. "
        "Click a count to filter the table below.</p>",
        _matrix(counts, states),
        "<h2>Cases</h2>",
        f'<p><input id="filter" type="search" value="{escape(initial_filter)}" '
        'placeholder="Filter: an ID (M3.5), a country (ES or Spain), a word, a confidence..."> '
        f'<span id="shown">{len(cases)}</span> of {len(cases)} shown</p>',
        _case_table(cases),
        f"<script>{_SCRIPT}</script>",
        "</body></html>",
    ]
    return "\n".join(parts)


def _matrix(counts: dict[str, int], states: dict[str, str]) -> str:
    head = "".join(f"<th>Model {m}</th>" for m in "123")
    rows = [f"<table id='matrix'><thead><tr><th>ID</th><th>Characteristic</th>{head}</tr></thead>"]
    rows.append("<tbody>")
    current = ""
    for char_id in ATLAS_IDS:
        char = CHARACTERISTICS[char_id]
        if char.model != current:
            current = char.model
            name = escape(MODEL_NAMES[current])
            rows.append(f"<tr><td class='model' colspan='5'>Model {current}: {name}</td></tr>")
        cells = []
        for model in "123":
            if model != char.model:
                cells.append("<td class='n'></td>")
                continue
            state, n = states[char_id], counts[char_id]
            label = "gap" if n == 0 else str(n)
            cells.append(
                f"<td class='n {state}'><a class='cell' href='#' data-id='{char_id}'>"
                f"{label}</a></td>"
            )
        rows.append(
            f"<tr><td>{char_id}</td><td title='{escape(char.rule)}'>{escape(char.title)}</td>"
            + "".join(cells)
            + "</tr>"
        )
    rows.append("</tbody></table>")
    return "\n".join(rows)


def _shown_names(country: str) -> list[str]:
    """The displayed name of each code of a ``country`` field (the code itself if unnamed)."""
    return [NAMES.get(code, (code,))[0] for code in codes(country)]


def _case_table(cases: Sequence[Case]) -> str:
    head = (
        "<tr><th>Case</th><th>Country</th><th>Years</th><th>Characteristics</th>"
        "<th>Confidence</th><th>Summary and facts</th><th>Sources</th></tr>"
    )
    rows = [f"<table id='cases'><thead>{head}</thead><tbody>"]
    for case in cases:
        search = " ".join(
            [case.id, case.name, *country_names(case.country), case.years, case.confidence,
             case.summary]
            + list(case.characteristics)
            + list(case.facts)
        ).lower()
        facts = "".join(f"<li>{escape(f)}</li>" for f in case.facts)
        sources = "".join(
            f"<li><a href='{escape(s.url, quote=True)}'>{escape(s.title)}</a> ({escape(s.date)})"
            "</li>"
            for s in case.sources
        )
        note = f"<p><em>{escape(case.note)}</em></p>" if case.note else ""
        rows.append(
            f"<tr id='{case.id}' data-text='{escape(search, quote=True)}'>"
            f"<td><strong>{escape(case.name)}</strong></td>"
            f"<td title='{escape(', '.join(_shown_names(case.country)), quote=True)}'>"
            f"{escape(case.country)}</td>"
            f"<td>{case.years}</td><td>{' '.join(case.characteristics)}</td>"
            f"<td>{case.confidence}</td>"
            f"<td>{escape(case.summary)}<ul>{facts}</ul>{note}</td><td><ul>{sources}</ul></td></tr>"
        )
    rows.append("</tbody></table>")
    return "\n".join(rows)
