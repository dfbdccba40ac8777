"""Threat models group sources by who controls the data, as CodeQL's do; each fixes the severity of a
flow from one of its sources into a code-executing sink."""
from deserialguard.findings import Severity

FIXED_ORIGIN = "fixed-download"

SEVERITY = {
    "remote": Severity.CRITICAL,     # web request parts, uploads, websockets, Lambda events
    "network": Severity.CRITICAL,    # raw sockets, message queues, RPC
    "download": Severity.HIGH,       # HTTP client responses, model-hub files
    "local": Severity.MEDIUM,        # argv, environment, stdin, paths given by these
    "datastore": Severity.MEDIUM,    # caches and databases: the attacker must write there first
    "library": Severity.LOW,         # parameters of a package's public functions and classes
    FIXED_ORIGIN: Severity.LOW,      # downloads whose origin the code spells in literals (a chosen model)
}
ALL = tuple(SEVERITY)
DEFAULT = frozenset({"remote", "network", "download"})


def parse(text: str) -> frozenset[str]:
    """'all', or a comma-separated list of names; raises ValueError naming what is unknown."""
    names = {part.strip().lower() for part in text.split(",") if part.strip()}
    if names == {"all"}:
        return frozenset(ALL)
    unknown = sorted(names - set(ALL))
    if unknown or not names:
        raise ValueError(f"unknown threat model(s): {', '.join(unknown) or '(none given)'}; "
                         f"choose from {', '.join(ALL)} or 'all'")
    return frozenset(names)
