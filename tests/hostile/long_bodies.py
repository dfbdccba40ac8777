"""Functions of the shapes that made the analysis of one body cost more than its size: generated, of any
size, each with a sink at its end that untrusted data reaches. Read by tests/hostile/test_scan_budget.py
and benchmarks/hostile.py."""
from __future__ import annotations

HEAD = ("import pickle\nfrom flask import Flask, request\n\napp = Flask(__name__)\n\n\n"
        "@app.route('/restore', methods=['POST'])\ndef handler():\n    data = request.get_data()\n")
OTHER = "import pickle\nfrom flask import request\n\n\ndef other():\n    return pickle.loads(request.data)\n"


def chain(n: int) -> str:
    """v1 = data, v2 = v1, ... pickle.loads(vn): a path of n steps."""
    body = "".join(f"    v{i} = v{i - 1}\n" for i in range(1, n))
    return HEAD + "    v0 = data\n" + body + f"    pickle.loads(v{n - 1})\n"


def names_and_ifs(n: int) -> str:
    """n names, then n `if`s: each branch joins n names unless the join looks only at those assigned."""
    names = "".join(f"    a{i} = {i}\n" for i in range(n))
    ifs = "".join(f"    if a{i} == 3:\n        data = data + b'{i}'\n" for i in range(n))
    return HEAD + names + ifs + "    pickle.loads(data)\n"


def nested_loops(depth: int) -> str:
    """Loops nested `depth` deep, each changing what the next level sees on its first pass."""
    lines, indent = [], "    "
    for level in range(depth):
        lines += [f"{indent}for i{level} in range(3):", f"{indent}    a{level} = b{level}",
                  f"{indent}    b{level} = data"]
        indent += "    "
    return HEAD + "\n".join(lines) + f"\n{indent}pickle.loads(a0)\n"


def branches_in_loops(depth: int) -> str:
    """Loops nested `depth` deep whose bodies branch, with a try at every level."""
    lines, indent = [], "    "
    for level in range(depth):
        lines += [f"{indent}while more():", f"{indent}    try:", f"{indent}        if flag():",
                  f"{indent}            data = data + b'{level}'", f"{indent}        else:",
                  f"{indent}            x{level} = data", f"{indent}    except ValueError:",
                  f"{indent}        pass"]
        indent += "        "
    return HEAD + "\n".join(lines) + f"\n{indent}pickle.loads(data)\n"


def literal(n: int) -> str:
    """One statement holding a literal of n elements, one a line."""
    items = "".join(f"        ({i}, data),\n" for i in range(n))
    return HEAD + f"    table = [\n{items}    ]\n    pickle.loads(table[0][1])\n"
