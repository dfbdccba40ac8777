# threat-models: local
# CVE-2017-2809 (ansible-vault < 0.2.0): the decrypted vault was parsed with yaml.load(), so a crafted
# vault file named on the command line executed code.
import argparse
import hashlib
import sys

import yaml


class Vault:
    def __init__(self, password: str):
        self.key = hashlib.sha256(password.encode()).digest()

    def _decrypt(self, ciphertext: bytes) -> bytes:
        return bytes(b ^ self.key[i % len(self.key)] for i, b in enumerate(ciphertext))

    def load(self, stream):
        plaintext = self._decrypt(stream.read())
        return yaml.load(plaintext, Loader=yaml.Loader)  # sink: severity=medium threat_model=local


def main(argv=None):
    parser = argparse.ArgumentParser(prog="ansible-vault-view")
    parser.add_argument("vault_file")
    parser.add_argument("--password", required=True)
    args = parser.parse_args(argv)  # source
    with open(args.vault_file, "rb") as stream:
        data = Vault(args.password).load(stream)
    yaml.safe_dump(data, sys.stdout)  # ok -- dumping, not loading


if __name__ == "__main__":
    main()
