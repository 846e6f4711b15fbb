from pathlib import Path

from gaoxin.contract.dictionary import render
from gaoxin.contract.fields import ALL_FIELDS

DOC = Path(__file__).resolve().parents[4] / "docs" / "data-dictionary.md"


def test_committed_data_dictionary_matches_the_contract():
    assert DOC.read_text(encoding="utf-8") == render(), "run: gaoxin dictionary docs/data-dictionary.md"


def test_every_field_is_documented():
    text = render()
    assert all(f"`{f.code}`" in text for f in ALL_FIELDS)
