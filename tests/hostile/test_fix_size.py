"""Issue 20 item 1, for `fix` and the markdown record: a file too large for libcst to rewrite in
reasonable time is refused with the reason, and the scan's report still comes back whole."""
from __future__ import annotations

from pathlib import Path

from deserialguard.engine import scan_paths
from deserialguard.fix import driver, fix_paths
from deserialguard.report import markdown

SOURCE = ("import pickle\nfrom flask import request\n\n\ndef view():\n    data = request.get_data()\n"
          + "".join(f"    step{i} = {i}\n" for i in range(60)) + "    return pickle.loads(data)\n")


def test_a_file_over_the_limit_is_refused_and_its_record_says_no_fix(tmp_path, monkeypatch):
    monkeypatch.setattr(driver, "MAX_LINES", 50)
    path = tmp_path / "generated.py"
    path.write_text(SOURCE)
    result = fix_paths([str(path)], write=True, unsafe_fixes=True)
    [refusal] = result.refusals
    assert refusal.reason == ("not fixed: too large to rewrite (67 lines; fix rewrites files of up to 50 lines); "
                              "apply the remediation by hand")
    assert path.read_text() == SOURCE
    fixes = driver.RecordFixes(scan_paths([str(path)]).findings)
    record = markdown.render(scan_paths([str(path)]), secure_code=fixes.secure_code)
    assert markdown.NO_FIX in record and "pickle.loads(data)" in record


def test_a_file_at_the_limit_is_rewritten(tmp_path, monkeypatch):
    monkeypatch.setattr(driver, "MAX_LINES", SOURCE.count("\n"))
    path = Path(tmp_path / "generated.py")
    path.write_text(SOURCE)
    result = fix_paths([str(path)], write=True, unsafe_fixes=True)
    assert not result.refusals and "pickle.loads" not in path.read_text()
