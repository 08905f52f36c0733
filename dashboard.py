import streamlit as st

st.set_page_config(page_title="Media Freedom Registry")
st.title("Media Freedom Registry")
