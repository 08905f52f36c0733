"""What tests, benchmarks and scripts share: paths and small registries (`tests.support.data`), and a
Streamlit server with headless Chromium (`tests.support.browser`). Run from the project root
(`python -m pytest`, `python -m benchmarks.run`, `python -m scripts.screenshots`), nothing edits sys.path."""
