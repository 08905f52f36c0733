"""Media Freedom Registry: the dashboard. Run with `streamlit run dashboard.py`."""

import logging

import pandas as pd
import streamlit as st

import registry
from ui import browser, cache, context, filters, settled, share
from ui.i18n import t
from ui.safe_text import plain

# ?sidebar=collapsed (the embed snippet's links) starts with the filters folded away: the view alone
_sidebar = "collapsed" if st.query_params.get("sidebar") == "collapsed" else "auto"
st.set_page_config(page_title="Media Freedom Registry", page_icon="static/icon.png", layout="wide", initial_sidebar_state=_sidebar)

settled.run_started()  # a download clicked now waits for this run (ui/settled.py)
try:
    reg = cache.load()
except registry.DataValidationError as err:
    st.title("Media Freedom Registry")
    st.error(plain(f"The data in {err.data_dir.name} does not validate ({len(err.problems)} problem(s)), so nothing is shown. Fix these and reload:"))
    st.dataframe(pd.DataFrame([p.__dict__ for p in err.problems]), hide_index=True, width="stretch")
    st.stop()

pages = st.navigation(
    [
        st.Page("app_pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
        st.Page("app_pages/explore.py", title="Explore", icon=":material/table_view:", url_path="explore"),
        st.Page("app_pages/outlet.py", title="Outlet profile", icon=":material/badge:", url_path="outlet"),
        st.Page("app_pages/jurisdictions.py", title="Jurisdictions", icon=":material/account_balance:", url_path="jurisdictions"),
        st.Page("app_pages/answers.py", title=t("Measure and answer"), icon=":material/compare_arrows:", url_path="answers"),
        st.Page("app_pages/changes.py", title="What changed", icon=":material/update:", url_path="changes"),
        st.Page("app_pages/methodology.py", title="Methodology", icon=":material/menu_book:", url_path="methodology"),
    ]
)
chosen = filters.sidebar(reg)
browser.tell(chosen.filters)  # on a phone the filter panel folds away once a filter is applied
context.publish(reg, chosen)
settled.filters_known(chosen.filters)
st.set_page_config(page_title=share.tab_title(reg, pages.title, chosen.filters))
for notice in chosen.notices:
    st.warning(plain(notice), icon=":material/link_off:")

try:
    pages.run()
except Exception:  # a reader never sees a traceback; the server log keeps it
    logging.getLogger("dashboard").exception("page failed")
    st.error("This page could not be drawn. The error was logged; try other filters or another page.")
finally:  # also after a page's st.stop()
    settled.run_finished()
    st.divider()
    st.caption(
        plain(
            f"Media Freedom Registry · dataset version {reg.version} ({reg.package.created}) · "
            f"data licence {reg.package.license_name} · cite as: {reg.package.cite()}"
        )
    )
