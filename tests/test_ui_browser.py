"""ui.browser, the component that folds the filter panel on a phone and sets <html lang>: what runs on the server.

What the browser does with it is tested in a real browser (tests/test_a11y.py).
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from ui import browser


def count_changes():
    import streamlit as st

    import registry
    from ui import browser

    chosen = st.query_params.get("j")
    filters = registry.Filters(jurisdictions=(chosen,) if chosen else ())
    st.caption(f"changes {browser.filters_applied(filters)}")


def test_a_fold_is_asked_for_only_when_the_filters_change():
    at = AppTest.from_function(count_changes, default_timeout=30).run()
    assert at.caption[0].value == "changes 0"  # the page as it opened: nothing to fold
    at.run()
    assert at.caption[0].value == "changes 0"  # a rerun with the same filters
    at.query_params["j"] = "RU"
    at.run()
    assert at.caption[0].value == "changes 1"
    at.run()
    assert at.caption[0].value == "changes 1"
    at.query_params["j"] = "BY"
    at.run()
    assert at.caption[0].value == "changes 2"



@pytest.mark.parametrize("code", ["en", "ru", "pt-BR"])
def test_a_language_code_passes(code):
    assert browser.language_code(code) == code


@pytest.mark.parametrize("bad", ['ru" onload="alert(1)', "", "russian", "ru ", None, 7])
def test_anything_else_is_refused_naming_the_parameter(bad):
    with pytest.raises(ValueError, match=r"^lang: .* is not a language code"):
        browser.language_code(bad)
