# threat-models: local
import pickle
import sys


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: inspect_run.py RUN_FILE", file=sys.stderr)
        return 2
    run_file = sys.argv[1]  # source
    with open(run_file, "rb") as fh:
        run = pickle.load(fh)  # sink: severity=medium threat_model=local
    print(run["metrics"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
# expect-flow: 10-11-12
