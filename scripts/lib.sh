# shellcheck shell=bash
# Shared helpers for scripts/run, scripts/test and .ci/run.
# Source this file from a bash script that uses `set -euo pipefail`.

# The repository root (the parent of this file's folder).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT

gk_log() {
  printf '==> %s\n' "$*" >&2
}

# Runs a command as root: directly when we are root, otherwise through sudo.
gk_as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  else
    sudo "$@"
  fi
}

# True when the Debian package is installed.
gk_pkg_installed() {
  local status
  status="$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)"
  [ "$status" = "install ok installed" ]
}

# Installs the Debian packages needed to build (and, with --test, to test)
# that are not installed yet. Runs apt-get update only when something is
# missing.
gk_install_deps() {
  local want_test=0
  case "${1:-}" in
    --test) want_test=1 ;;
    "") ;;
    *) echo "gk_install_deps: unknown option $1" >&2; return 2 ;;
  esac

  local pkgs=(
    build-essential cmake ninja-build ccache pkg-config
    libboost1.81-dev libboost-url1.81-dev libboost-json1.81-dev
    libsoci-dev libsqlite3-dev libpq-dev libsodium-dev
    libkainjow-mustache-dev libcli11-dev libtomlplusplus-dev libspdlog-dev libopencc-dev libutf8proc-dev libhyperscan-dev libicu-dev
    libgtest-dev libgmock-dev libbenchmark-dev sqlite3
    libcairo2-dev libpango1.0-dev libzip-dev libpugixml-dev fonts-noto-cjk libxlsxwriter-dev
    libtesseract-dev libleptonica-dev tesseract-ocr-chi-sim
    libgoogle-perftools-dev libgumbo-dev libmupdf-dev libmujs-dev libjbig2dec0-dev libopenjp2-7-dev libjpeg-dev libfreetype-dev libharfbuzz-dev
  )
  if [ "$want_test" -eq 1 ]; then
    pkgs+=(clang-14 libfuzzer-14-dev ripgrep postgresql-15 chromium poppler-utils nginx openssl curl python3 prometheus)
    # Node.js may come from a package other than Debian's nodejs, and Debian's
    # npm conflicts with it: install Debian's only when there is no node.
    if ! command -v node >/dev/null 2>&1; then
      pkgs+=(nodejs npm)
    fi
  fi

  local missing=() p
  for p in "${pkgs[@]}"; do
    gk_pkg_installed "$p" || missing+=("$p")
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    return 0
  fi
  gk_log "installing Debian packages: ${missing[*]}"
  gk_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  gk_as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# Configures (when needed) and builds the project in $GK_BUILD_DIR (default
# $ROOT/build). Extra arguments are passed to the configure step as cache
# settings (e.g. -DGK_BUILD_TESTS=ON) and force a configure. Set GK_TARGET
# to build a single target instead of everything.
gk_build() {
  local dir="${GK_BUILD_DIR:-$ROOT/build}"
  # Paths under the checkout are hashed relative to it, so a second clone
  # (CI runs in a fresh one) reuses the compiler cache.
  export CCACHE_BASEDIR="$ROOT"
  # Room for both build trees (the release build and the fuzzing one) of a
  # few checkouts: the default 5 GB evicted the project's own objects
  # between two runs.
  export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-15G}"
  if [ ! -f "$dir/build.ninja" ] || [ ! -f "$dir/CMakeCache.txt" ] || [ "$#" -gt 0 ]; then
    gk_log "configuring $dir"
    cmake -S "$ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@"
  fi
  gk_log "building $dir${GK_TARGET:+ (target $GK_TARGET)}"
  if [ -n "${GK_TARGET:-}" ]; then
    nice cmake --build "$dir" --target "$GK_TARGET"
  else
    nice cmake --build "$dir"
  fi
}
