import marshal
import sys

code = marshal.loads(sys.stdin.buffer.read())  # ok -- stdin is local
exec(code)
