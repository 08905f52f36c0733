#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what is missing, then runs pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --with-browser
# the same checks as CI: lint (ruff), types of the core (mypy), then every test
.venv/bin/ruff check .
.venv/bin/mypy registry
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
