#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what is missing, then runs pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --with-browser
# the same checks as CI: lint (ruff), types of the core (mypy), then every test
.venv/bin/ruff check .
.venv/bin/mypy registry
# on TEST_WORKERS processes (default 2: the browser tests wait on servers and Chromium, so two keep both
# cores busy); --dist loadfile keeps each module on one worker, so its servers start once
exec .venv/bin/python -m pytest -q -p no:cacheprovider -n "${TEST_WORKERS:-2}" --dist loadfile "$@"
