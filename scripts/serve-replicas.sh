#!/usr/bin/env bash
# N dashboard replicas behind nginx on 127.0.0.1 (http://127.0.0.1:${PORT:-8080}); see scripts/serve_replicas.py.
#   bash scripts/serve-replicas.sh 2            # APP_SCRIPT=dashboard.py: the pages without the HTTP routes
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ] || ! { command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; }; then
  bash scripts/setup.sh --with-proxy
fi
exec .venv/bin/python scripts/serve_replicas.py "$@"
