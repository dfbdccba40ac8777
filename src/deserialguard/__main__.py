from deserialguard.cli import console

console()
