"""Every row of the catalog's sinks, barriers and propagators is checked by a case of the annotated corpus
(issue 20, item 16): deleting the row, one at a time, makes some case disagree with its marks (a known
gap, `# xfail:`, counts when the deletion changes how it fails). A sink row deleted loses a marked
finding; a barrier or a safe condition deleted flags an `# ok` line; a propagator deleted changes a
`step:` label or loses (or adds) a finding. A row no case notices is a promise no test keeps: add the
case that shows it (tests/corpus/README.md says which kind).

The deletions patch the catalog's tables in this process (the engine reads them when it runs), and only
the cases whose text holds the row's last name are scanned: a case cannot call what it never spells.
"""
from __future__ import annotations

import dataclasses
import fnmatch
import re
import sys
from functools import lru_cache
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS))

import corpus_marks as cm  # noqa: E402

from deserialguard import catalog  # noqa: E402
from deserialguard.catalog import barriers, propagators, sinks  # noqa: E402

CASES = cm.discover(TESTS / "corpus")

# Tables of the three modules that hold no knowledge of their own: what prefilters, titles or derives.
NOT_ROWS = {"sinks.PREFILTER", "sinks.FAMILY_TITLES", "sinks.UNPICKLER_CLASSES"}
SET_TABLES = [(sinks, "SAFE_YAML_LOADERS"), (barriers, "CHECKS"), (barriers, "ABORTS"),
              *((propagators, name) for name in ("KEYED_METHODS", "MUTATORS", "DIGESTS", "DIGEST_METHODS",
                                                 "SERIALIZERS", "NO_PROPAGATION", "NO_DATA_METHODS",
                                                 "NO_DATA_METHOD_PATTERNS", "NO_DATA_TYPES", "NO_DATA_CONVERTERS"))]
DICT_TABLES = [(propagators, "LABELS"), (propagators, "METHOD_LABELS"), (propagators, "SELECTORS"),
               (propagators, "WRITES_TO_ARGUMENT"), (barriers, "CONFINED_PATHS")]
SINK_CONDITIONS = ("safe_if", "unsafe_only_if", "loader", "deserializer")
# Rows another table overlaps, deleted with it so the row is seen on its own: a hash object is used through
# .digest() or .hexdigest(), which DIGEST_METHODS makes a digest of whatever it is called on.
OVERLAPS = {"propagators.DIGESTS": ((propagators, "DIGEST_METHODS", frozenset()),)}


@dataclasses.dataclass(frozen=True)
class Deletion:
    """One row taken out of the catalog: the attributes to set while it is gone."""
    table: str
    row: str
    patches: tuple[tuple[object, str, object], ...]

    @property
    def id(self) -> str:
        return f"{self.table}:{self.row}"

    @property
    def word(self) -> str:
        """The row's last name: every case that can exercise the row spells it."""
        return re.findall(r"[A-Za-z_][A-Za-z0-9_]*", self.row)[-1]


def _table_name(module, name: str) -> str:
    return f"{module.__name__.rsplit('.', 1)[-1]}.{name}"


def _sink_deletions() -> list[Deletion]:
    out = []
    for row in sinks.SINKS:
        out.append(Deletion("sinks.SINKS", row.api, (
            (catalog, "SINKS", {api: r for api, r in catalog.SINKS.items() if api != row.api}),
            (sinks, "UNPICKLER_CLASSES", sinks.UNPICKLER_CLASSES - {row.api}))))
        for condition in SINK_CONDITIONS:          # what makes the call safe is a barrier of its own
            if getattr(row, condition):
                unconditional = dataclasses.replace(row, **{condition: ()})
                out.append(Deletion(f"sinks.SINKS.{condition}", row.api,
                                    ((catalog, "SINKS", {**catalog.SINKS, row.api: unconditional}),)))
    return out


def _verified_decoder_deletions() -> list[Deletion]:
    out = []
    for pattern in barriers.VERIFIED_DECODERS:
        rest = [p for p in barriers.VERIFIED_DECODERS if p != pattern]
        out.append(Deletion("barriers.VERIFIED_DECODERS", pattern, (
            (catalog, "is_verified_decoder",
             lambda name, rest=rest: any(fnmatch.fnmatchcase(name, p) for p in rest)),)))
    return out


def deletions() -> list[Deletion]:
    out = _sink_deletions() + _verified_decoder_deletions()
    for module, name in SET_TABLES:
        table, overlaps = getattr(module, name), OVERLAPS.get(_table_name(module, name), ())
        out += [Deletion(_table_name(module, name), row, ((module, name, table - {row}), *overlaps))
                for row in sorted(table)]
    for module, name in DICT_TABLES:
        table = getattr(module, name)
        out += [Deletion(_table_name(module, name), row,
                         ((module, name, {key: value for key, value in table.items() if key != row}),))
                for row in sorted(table)]
    return out


DELETIONS = deletions()


@lru_cache(maxsize=None)
def _case(path: Path) -> tuple[cm.CaseMarks, str]:
    case = cm.load_case(path)
    return case, "\n".join(p.read_text(encoding="utf-8") for p in cm.case_files(path))


def _problems(case: cm.CaseMarks) -> list[str]:
    result = cm.scan(case)
    errors = [f"{e.path}: {e.reason}" for e in result.errors]
    return errors + cm.compare(case, cm.reduce_findings(result.findings, case.root))


@lru_cache(maxsize=None)
def _with_the_whole_catalog(path: Path) -> list[str] | None:
    """The case's problems with every row in place; None for a case that disagrees with its marks without
    declaring it (`# xfail:`), which proves nothing about a deletion (test_corpus reports it)."""
    case = _case(path)[0]
    problems = _problems(case)
    return problems if bool(problems) == bool(case.xfail) else None


def _noticing_case(deletion: Deletion, monkeypatch) -> Path | None:
    spelling = sorted((p for p in CASES if deletion.word in _case(p)[1]),    # the likeliest first
                      key=lambda p: -_case(p)[1].count(deletion.word))
    baseline = {p: _with_the_whole_catalog(p) for p in spelling}
    with monkeypatch.context() as patch:
        for target, attribute, value in deletion.patches:
            patch.setattr(target, attribute, value)
        return next((p for p, problems in baseline.items()
                     if problems is not None and _problems(_case(p)[0]) != problems), None)


@pytest.mark.parametrize("deletion", DELETIONS, ids=[d.id for d in DELETIONS])
def test_deleting_the_row_changes_a_case(deletion: Deletion, monkeypatch) -> None:
    assert _noticing_case(deletion, monkeypatch) is not None, (
        f"no case of tests/corpus notices {deletion.table} without {deletion.row!r}: add one that exercises it "
        f"(a marked finding, an '# ok' line it protects, or a 'step:' label it prints)")


def test_every_table_of_the_catalog_is_enumerated() -> None:
    """A table added to sinks.py, barriers.py or propagators.py gets its rows deleted here too."""
    enumerated = {".".join(d.table.split(".")[:2]) for d in DELETIONS}
    tables = {_table_name(module, name) for module in (sinks, barriers, propagators)
              for name, value in vars(module).items()
              if name.isupper() and isinstance(value, (dict, set, frozenset, list, tuple))}
    assert tables - NOT_ROWS == enumerated
    assert len(DELETIONS) == len({d.id for d in DELETIONS})
