"""The glossary in docs/ names every model, so a newcomer can look up any name the code uses."""

from pathlib import Path

from django.apps import apps

GLOSSARY = Path(__file__).resolve().parents[4] / "docs" / "glossary.md"


def test_every_model_is_in_the_glossary():
    text = GLOSSARY.read_text(encoding="utf-8")
    missing = [m.__name__ for m in apps.get_models() if m.__module__.startswith("gaoxin.")
               and f"`{m.__name__}`" not in text]
    assert not missing, f"add these models to docs/glossary.md: {missing}"
