"""Find gettext calls in Python source: for CI (calls that never reach the catalogs) and to list a
library's messages.

xgettext, which `makemessages` runs, only extracts a call whose message arguments are plain string
literals, and (in the gettext 0.21 these machines and CI run) never looks inside an f-string's
`{...}`. So `_(f"...")`, `_("a" + b)`, `_("%s" % x)`, `_(variable)` and `f"{_('Label')}"` all leave
English on a translated page. Ruff's INT rules catch only the first kinds; `gettext_problems`
catches every one of them.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

# Function name -> how many leading arguments are message text (context first for p*gettext).
GETTEXT_FUNCTIONS = {
    "_": 1,
    "gettext": 1,
    "gettext_lazy": 1,
    "gettext_noop": 1,
    "ngettext": 2,
    "ngettext_lazy": 2,
    "pgettext": 2,
    "pgettext_lazy": 2,
    "npgettext": 3,
    "npgettext_lazy": 3,
}


@dataclass(frozen=True, order=True)
class Message:
    context: str
    msgid: str
    plural: str = ""


def _name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _is_literal(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _gettext_calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and (name := _name(node)) in GETTEXT_FUNCTIONS:
            yield name, node


def gettext_problems(source: str, filename: str = "<source>") -> list[str]:
    """One line per gettext call whose message would not be extracted, as `file:line: reason`."""
    tree = ast.parse(source, filename)
    problems = []
    for name, call in _gettext_calls(tree):
        for arg in call.args[: GETTEXT_FUNCTIONS[name]]:
            if not _is_literal(arg):
                kind = {
                    ast.JoinedStr: "an f-string",
                    ast.BinOp: "an expression (concatenation or % formatting)",
                    ast.Call: "a call (such as .format())",
                }.get(type(arg), "not a string literal")
                problems.append(
                    f"{filename}:{call.lineno}: {name}() is given {kind}; give it a plain "
                    "string literal with named %(placeholders)s and format the result"
                )
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            for part in node.values:
                for name, call in _gettext_calls(part):
                    problems.append(
                        f"{filename}:{call.lineno}: {name}() inside an f-string is never "
                        "extracted by makemessages; assign it to a variable first"
                    )
    return sorted(set(problems))


def extract_messages(source: str, filename: str = "<source>") -> list[Message]:
    """The translatable messages of a Python file (plain literals only, as xgettext sees them)."""
    messages = set()
    for name, call in _gettext_calls(ast.parse(source, filename)):
        count = GETTEXT_FUNCTIONS[name]
        args = call.args[:count]
        if len(args) < count or not all(_is_literal(a) for a in args):
            continue
        texts = [a.value for a in args]  # type: ignore[attr-defined]
        context = texts.pop(0) if name.startswith(("pgettext", "npgettext")) else ""
        plural = texts[1] if len(texts) > 1 else ""
        if texts[0]:
            messages.add(Message(context, texts[0], plural))
    return sorted(messages)


def _class_source(source: str, class_name: str, filename: str) -> ast.AST:
    tree = ast.parse(source, filename)
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == class_name:
            return node
    raise LookupError(f"{filename}: no class {class_name}")


def library_messages(module: str, class_name: str = "") -> list[Message]:
    """The messages of an installed module (optionally one class of it), e.g. Django's form fields."""
    import importlib.util

    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        raise LookupError(f"{module} is not installed")
    with open(spec.origin, encoding="utf-8") as handle:
        source = handle.read()
    if not class_name:
        return extract_messages(source, spec.origin)
    node = _class_source(source, class_name, spec.origin)
    return extract_messages(ast.unparse(node), spec.origin)
