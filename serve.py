"""The dashboard and its HTTP API in one server: `streamlit run serve.py`.

Streamlit serves the pages of dashboard.py; the routes of service.api (/api/..., /feeds/...) are
mounted beside them on the same host and port (st.App, Streamlit >= 1.57).
"""

import streamlit as st

from service.api import routes

app = st.App("dashboard.py", routes=routes())
