"""How much analysis one function, or one module's top-level code, may take.

The analysis of a body is linear in its size for the code people write, but contrived code can make it
go round: loops nested twenty deep whose every level changes what the next one sees are analysed twice
at each level (values assigned late in a loop reach its start). So each body gets a number of statements
it may analyse, in proportion to its lines; past it, the analysis of that body stops, the scan reports
an error naming it (its flows may be incomplete) and goes on with everything else.
"""
from __future__ import annotations

STATEMENTS_PER_LINE = 16
STATEMENTS_AT_LEAST = 100_000     # a few seconds of analysis


class BudgetExceeded(Exception):
    def __init__(self, unit, where: str, line: int, limit: int):
        super().__init__(f"analysis budget exceeded in {where} at line {line}: more than {limit:,} "
                         "statements analysed, so flows through it may be missing")
        self.unit = unit          # the function or module whose analysis stopped


def statements_allowed(lines: int) -> int:
    return STATEMENTS_AT_LEAST + STATEMENTS_PER_LINE * lines
