# threat-models: local
import pickle
import sys


def main():
    payload = sys.stdin.buffer.read()  # source
    record = pickle.loads(payload)  # sink: severity=medium
    sys.stdout.write(f"{record!r}\n")


main()
# expect-flow: 7-8
