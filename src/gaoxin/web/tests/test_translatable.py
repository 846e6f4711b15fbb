"""User-facing text is translatable in whole sentences (issue 17, item 8): what Python says to users goes through
gettext with named placeholders, and no template splits a sentence into fragments around a value."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.template import Context, Template
from django.utils import translation

PACKAGE = Path(__file__).resolve().parents[2]
# Plain libraries and generators (no Django, no gettext), and the command line, which speaks Chinese only.
PLAIN = {"contract", "intake", "engine", "demo", "bench", "cli.py"}
CJK = re.compile(r"[\u4e00-\u9fff]")
FRAGMENTS = re.compile(r'\{% translate "[^"]*" %\}[^{}<>%"\n]{0,4}\{\{ [^{}]+? \}\}[^{}<>%"\n]{0,4}'
                       r'\{% translate "[^"]*" %\}')


def _said_to_users(tree: ast.AST):
    """The text of flash messages and of raised errors (which pages show as they are)."""
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "messages"):
            yield from node.args[1:2]
        elif isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            yield from node.exc.args[:1]


def _untranslated_at(path: Path) -> list[int]:
    """Lines where Chinese text reaches users without gettext."""
    return [text.lineno for text in _said_to_users(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(text, ast.Constant | ast.JoinedStr) and CJK.search(ast.unparse(text))]


def test_what_python_says_to_users_goes_through_gettext():
    modules = [p for p in PACKAGE.rglob("*.py") if "tests" not in p.parts and "migrations" not in p.parts
               and p.relative_to(PACKAGE).parts[0] not in PLAIN]
    assert len(modules) > 100
    found = [f"{path.relative_to(PACKAGE)}:{line}" for path in modules for line in _untranslated_at(path)]
    assert found == [], "用 gettext(\"…{name}…\").format(name=…) 包起这些提示：" + "、".join(found)


def test_the_check_sees_an_unwrapped_message(tmp_path):
    module = tmp_path / "views.py"
    module.write_text('def f(x):\n    raise ValueError(f"{x} 不存在")\n', encoding="utf-8")
    assert len(_untranslated_at(module)) == 1
    module.write_text('def f(x):\n    raise ValueError(gettext("{x} 不存在").format(x=x))\n', encoding="utf-8")
    assert _untranslated_at(module) == []


def test_templates_translate_whole_sentences_not_fragments_around_a_value():
    split = [f"{p.relative_to(PACKAGE)}: {m.group(0)}" for p in (PACKAGE / "templates").rglob("*.html")
             for m in FRAGMENTS.finditer(p.read_text(encoding="utf-8"))]
    assert split == [], "改为 {% blocktranslate with … %}整句{% endblocktranslate %}：\n" + "\n".join(split)


def test_a_sentence_with_its_value_reads_whole_in_english():
    sentence = Template('{% load i18n %}{% blocktranslate with n=2 %}最多差 {{ n }} 项{% endblocktranslate %}')
    with translation.override("en"):
        assert sentence.render(Context()) == "at most 2 short"
    with translation.override("zh-hans"):
        assert sentence.render(Context()) == "最多差 2 项"
