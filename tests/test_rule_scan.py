"""One rule for every form: the mechanisms never branch on a regime's name or a legal form.

A mechanism that asks "is this a proprietary firm?" or "is this the netarchical regime?"
writes a claim into the code. Forms differ only through the declared institutional
parameters of :mod:`commonsim.economy.forms` (each with its essay ID and source). This test
reads every module of ``src/commonsim/mechanisms`` with :mod:`ast` and fails on any use of
a form constant, of a firm's ``.form`` array, or of a regime's name, outside the few
places declared below; a second test plants violations and checks they are caught.
"""

from __future__ import annotations

import ast
from pathlib import Path

from commonsim.economy.forms import FORM_ATTRIBUTES

SRC = Path(__file__).resolve().parents[1] / "src" / "commonsim"
MECHANISMS = SRC / "mechanisms"

#: Names of the legal-form codes (commonsim.economy.state).
FORM_CONSTANTS = frozenset({"PROPRIETARY", "PLATFORM", "COMMONS_ENTITY"})

#: Regime names a mechanism might compare with (the preset files' stems).
REGIME_NAMES = frozenset(path.stem for path in (SRC / "regimes").glob("*.toml"))

#: The declared exceptions: "module.py:function" -> (essay IDs, reason). Each is an
#: institution that is one identified entity rather than a rule over forms.
ALLOWED: dict[str, tuple[tuple[str, ...], str]] = {
    "platforms.py:platform_index": (
        ("M2.2", "M2.3"),
        "platform intermediation: the economy's platform is one declared slot (created where"
        " platforms.enabled); finding it is not a rule that differs by form"),
}


def violations_in(source: str, module: str) -> list[str]:
    """Each use of a form constant, ``.form`` or a regime name in `source`, undeclared."""
    tree = ast.parse(source)
    found: list[str] = []

    def visit(node: ast.AST, where: str) -> None:
        for child in ast.iter_child_nodes(node):
            inside = where
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                inside = child.name
            hit = offending(child)
            if hit and f"{module}:{inside}" not in ALLOWED and not declared_import(child):
                found.append(f"{module}:{child.lineno} in {inside}: {hit}")
            visit(child, inside)

    def declared_import(node: ast.AST) -> bool:
        """An import of a form constant by a module that has a declared exception."""
        return isinstance(node, ast.ImportFrom) and any(
            key.startswith(f"{module}:") for key in ALLOWED)

    visit(tree, "<module>")
    return found


def offending(node: ast.AST) -> str | None:
    """What is wrong with `node`, or None."""
    if isinstance(node, ast.Name) and node.id in FORM_CONSTANTS:
        return f"form constant {node.id}"
    if isinstance(node, ast.Attribute) and node.attr == "form":
        return "reads a firm's legal form (.form)"
    if isinstance(node, ast.ImportFrom):
        names = {alias.name for alias in node.names} & FORM_CONSTANTS
        if names:
            return f"imports form constant(s) {sorted(names)}"
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and (
            node.value in REGIME_NAMES):
        return f"regime name {node.value!r}"
    return None


def test_mechanisms_do_not_branch_on_form_or_regime() -> None:
    """No mechanism compares a form or a regime name outside the declared exceptions."""
    found = []
    for path in sorted(MECHANISMS.glob("*.py")):
        found += violations_in(path.read_text(), path.name)
    assert not found, "rules written for one form or regime:\n" + "\n".join(found)


def test_scan_catches_planted_violations() -> None:
    """A planted form branch, `.form` read and regime-name test are each reported."""
    planted = '''
from commonsim.economy.state import PROPRIETARY

def decay(e):
    f = e.state.firms
    if e.params.name == "netarchical":
        return 0
    return np.where(f.form == PROPRIETARY, 0.1, 0.0)
'''
    found = violations_in(planted, "planted.py")
    assert any("imports form constant" in v for v in found)
    assert any("regime name 'netarchical'" in v for v in found)
    assert any(".form" in v for v in found)
    assert any("form constant PROPRIETARY" in v for v in found)
    # The same code under a declared exception's name is allowed, imports included.
    assert violations_in(planted.replace("def decay", "def platform_index"),
                         "platforms.py") == []


def test_declared_exceptions_and_attributes_name_their_reason() -> None:
    """Every exception and every form attribute names essay IDs and a reason."""
    for key, (ids, reason) in ALLOWED.items():
        assert (MECHANISMS / key.split(":")[0]).exists(), key
        assert ids and all(i.startswith(("M1.", "M2.", "M3.", "C.")) for i in ids), key
        assert len(reason) > 20, key
    for name, attr in FORM_ATTRIBUTES.items():
        assert attr.ids and attr.source and attr.rule, name


#: The knowledge rule (production.py): every form of knowledge gives productivity by one
#: function; institutions reach it only through declared access attributes (ip_access,
#: commons_access), never by a switch read inside the rule.
KNOWLEDGE_RULE = ("knowledge_stocks", "knowledge_gain", "knowledge_gains", "usable_knowledge",
                  "set_productivity")
KNOWLEDGE_INSTITUTIONS = frozenset({"ip", "commons"})


def _is_params(node: ast.AST) -> bool:
    """`p` or `<anything>.params`: the parameters object."""
    return (isinstance(node, ast.Name) and node.id == "p") or (
        isinstance(node, ast.Attribute) and node.attr == "params")


def institution_reads(source: str, functions: tuple[str, ...]) -> list[str]:
    """Each read of the IP or commons parameters (``p.ip``, ``p.commons``) in `functions`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef) and node.name in functions:
            found += [f"{node.name}:{sub.lineno} reads .{sub.attr}" for sub in ast.walk(node)
                      if isinstance(sub, ast.Attribute) and sub.attr in KNOWLEDGE_INSTITUTIONS
                      and _is_params(sub.value)]
    return found


def test_knowledge_rule_reads_access_not_institutions() -> None:
    """IP and the commons decide who uses which stock (form attributes), not the rule."""
    source = (MECHANISMS / "production.py").read_text()
    defined = {n.name for n in ast.walk(ast.parse(source)) if isinstance(n, ast.FunctionDef)}
    assert set(KNOWLEDGE_RULE) <= defined
    assert institution_reads(source, KNOWLEDGE_RULE) == []
    planted = "def knowledge_gain(e):\n    return 0.3 if e.params.ip.enabled else 0.0\n"
    assert institution_reads(planted, KNOWLEDGE_RULE) == ["knowledge_gain:2 reads .ip"]
