#!/usr/bin/env bash
# Runs the dashboard on the embedded data (http://127.0.0.1:8501).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/streamlit run serve.py --server.headless=true --server.address=127.0.0.1 --server.port="${PORT:-8501}" --browser.gatherUsageStats=false "$@"
