"""Media Freedom Registry: the dashboard. Run with `streamlit run dashboard.py`."""

import logging

import pandas as pd
import streamlit as st

import registry
from ui import browser, cache, context, filters, language, settled, share
from ui.i18n import t, tn
from ui.safe_text import plain

lang_notice = language.start()  # ?lang=ru, or the language chosen before: every word below is in it
# ?sidebar=collapsed (the embed snippet's links) starts with the filters folded away: the view alone
_sidebar = "collapsed" if st.query_params.get("sidebar") == "collapsed" else "auto"
st.set_page_config(page_title=t("Media Freedom Registry"), page_icon="static/icon.png", layout="wide", initial_sidebar_state=_sidebar)

settled.run_started()  # a download clicked now waits for this run (ui/settled.py)
try:
    reg = cache.load(spinner=t("Loading the registry…"))
except registry.DataValidationError as err:
    st.title(t("Media Freedom Registry"))
    st.error(
        plain(
            tn(
                "The data in {folder} does not validate ({n} problem), so nothing is shown. Fix it and reload:",
                "The data in {folder} does not validate ({n} problems), so nothing is shown. Fix these and reload:",
                len(err.problems),
                folder=err.data_dir.name,
            )
        )
    )
    st.dataframe(pd.DataFrame([p.__dict__ for p in err.problems]), hide_index=True, width="stretch")
    st.stop()

pages = st.navigation(
    [
        st.Page("app_pages/overview.py", title=t("Overview"), icon=":material/dashboard:", default=True),
        # translators: the page listing every designation, with downloads
        st.Page("app_pages/explore.py", title=t("Explore"), icon=":material/table_view:", url_path="explore"),
        st.Page("app_pages/outlet.py", title=t("Outlet profile"), icon=":material/badge:", url_path="outlet"),
        st.Page("app_pages/jurisdictions.py", title=t("Jurisdictions"), icon=":material/account_balance:", url_path="jurisdictions"),
        st.Page("app_pages/answers.py", title=t("Measure and answer"), icon=":material/compare_arrows:", url_path="answers"),
        st.Page("app_pages/changes.py", title=t("What changed"), icon=":material/update:", url_path="changes"),
        st.Page("app_pages/methodology.py", title=t("Methodology"), icon=":material/menu_book:", url_path="methodology"),
    ]
)
with st.sidebar:
    language.switch()
chosen = filters.sidebar(reg)
browser.tell(chosen.filters, language.code())  # <html lang>; on a phone the filter panel folds away once a filter is applied
context.publish(reg, chosen)
settled.filters_known(chosen.filters)
st.set_page_config(page_title=share.tab_title(reg, pages.title, chosen.filters))
for notice in (lang_notice, *chosen.notices) if lang_notice else chosen.notices:
    st.warning(plain(notice), icon=":material/link_off:")

try:
    pages.run()
except Exception:  # a reader never sees a traceback; the server log keeps it
    logging.getLogger("dashboard").exception("page failed")
    st.error(t("This page could not be drawn. The error was logged; try other filters or another page."))
finally:  # also after a page's st.stop()
    settled.run_finished()
    st.divider()
    st.caption(
        plain(
            t(
                "Media Freedom Registry · dataset version {version} ({created}) · data licence {licence} · cite as: {citation}",
                version=reg.version,
                created=reg.package.created,
                licence=reg.package.license_name,
                citation=reg.package.cite(),
            )
        )
    )
