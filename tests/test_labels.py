"""The words shown for codes (ui.labels): designation labels with their official terms, names, blanks."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ui import labels


def test_readable_replaces_codes_and_blanks_missing_values(small_reg):
    vocab = labels.vocabulary(small_reg)
    frame = pd.DataFrame(
        {
            "jurisdiction": ["RU", "EU", "XX"],
            "designation": ["foreign_agent", None, "broadcast_ban"],
            "status": ["in_force", "ended", "in_force"],
            "notes": [None, "a note", float("nan")],
            "checked": [dt.date(2024, 1, 5), None, dt.date(2025, 2, 1)],
            "count": [1, None, 3],
        }
    )
    shown = labels.readable(frame, vocab)
    assert shown["jurisdiction"].tolist() == ["Russia", "European Union", "XX"]  # an unknown code stays itself
    assert shown["designation"].tolist()[0] == "Foreign agent" and shown["designation"].tolist()[1] == ""
    assert shown["status"].tolist() == ["in force", "ended", "in force"]
    assert shown["notes"].tolist() == ["", "a note", ""]
    assert shown["checked"].tolist() == ["2024-01-05", "", "2025-02-01"]  # days as text beside the blanks
    assert shown["count"].isna().tolist() == [False, True, False]  # numbers keep their missing value (no text beside them)
    assert labels.readable(frame, vocab, keep={"jurisdiction"})["jurisdiction"].tolist() == ["RU", "EU", "XX"]


def test_designation_options_carry_the_official_term(real_reg):
    words = labels.option_words(real_reg)["designation"]
    assert "иностранный агент" in words["foreign_agent"] and words["foreign_agent"].startswith("Foreign agent")
    assert "нежелательная организация" in words["undesirable"]
    assert all(words[code] for code in real_reg.designation_types["code"])
