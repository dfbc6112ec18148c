#!/usr/bin/env bash
# The Debian package (cmake/Packaging.cmake; docs/operations.md, "Installing
# the Debian package"): built with cpack from a build folder, or given. Its
# control data (dependencies from dpkg-shlibdeps and the data packages, the
# conffile, the maintainer scripts) and its files are checked, then it is
# unpacked into a temporary root and run from there: the shipped
# configuration, with only its /var/lib/gongkai and /usr/share/gongkai moved
# into that root, seeds the demo office and serves it; the portal answers in
# Chinese with the packaged static files, and SIGTERM stops it. The unit is
# checked by systemd-analyze when that tool exists, and the server runs under
# PR_SET_MDWE (what MemoryDenyWriteExecute=yes asks) when the kernel has it.
# Usage: tests/package/package_test.sh BUILD_DIR | FILE.deb   (ctest: `package`)
set -uo pipefail

if [ "$#" -ne 1 ] || { [ ! -f "$1/CPackConfig.cmake" ] && [ "${1%.deb}" = "$1" ]; }; then
  echo "usage: $0 BUILD_DIR (where gongkai is built) | FILE.deb" >&2
  exit 2
fi
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
for tool in dpkg-deb curl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "error: $tool is needed" >&2; exit 2; }
done

T="$(mktemp -d "${TMPDIR:-/tmp}/gk_package_test.XXXXXX")"
PID=""
cleanup() {
  [ -n "$PID" ] && kill "$PID" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT
# shellcheck source=../support/checks.sh
source "$ROOT/tests/support/checks.sh"

# ---- the package
if [ -f "$1/CPackConfig.cmake" ]; then
  [ -x "$1/gongkai" ] || { echo "error: build gongkai in $1 first" >&2; exit 2; }
  command -v cpack >/dev/null 2>&1 || { echo "error: cpack is needed" >&2; exit 2; }
  started=$SECONDS
  cpack -G DEB -B "$T/out" --config "$1/CPackConfig.cmake" >"$T/cpack.log" 2>&1
  check "cpack -G DEB builds the package ($((SECONDS - started)) s)" $? "$(tail -20 "$T/cpack.log")"
  debs=("$T"/out/*.deb)
  if [ "${#debs[@]}" -ne 1 ] || [ ! -f "${debs[0]}" ]; then
    echo "not one .deb in $T/out:"
    ls -l "$T/out"
    exit 1
  fi
  DEB="${debs[0]}"
else
  DEB="$1"
fi
echo "package: $(basename "$DEB"), $(($(stat -c %s "$DEB") / 1024)) KiB"

field() { dpkg-deb -f "$DEB" "$1"; }
# (A check's name is expanded before its $?: no command substitution in it.)
arch="$(dpkg --print-architecture)"
[ "$(field Package)" = gongkai ] && [ "$(field Architecture)" = "$arch" ]
check "control: package gongkai for $arch" $? "$(dpkg-deb -I "$DEB")"
depends="$(field Depends)"
missing=""
# The first two come only from dpkg-shlibdeps; the others are read at run time.
for dep in "libc6 (>=" "libhyperscan5" "libsqlite3-0" "fonts-noto-cjk" "libopencc-data" "adduser" "tesseract-ocr-chi-sim"; do
  [[ ", $depends" == *", $dep"* ]] || missing+=" [$dep]"
done
[ -z "$missing" ]
check "Depends: the shared libraries (dpkg-shlibdeps), the fonts, OpenCC's data, the OCR models, adduser" $? \
  "missing:$missing; Depends: $depends"

dpkg-deb -e "$DEB" "$T/control"
[ "$(cat "$T/control/conffiles" 2>/dev/null)" = /etc/gongkai/gongkai.toml ]
check "the configuration is the one conffile" $? "$(cat "$T/control/conffiles" 2>&1)"
bad=""
for script in postinst prerm postrm; do
  f="$T/control/$script"
  { [ -x "$f" ] && [ "$(head -1 "$f")" = "#!/bin/sh" ] && sh -n "$f"; } || bad+=" $script"
done
[ -z "$bad" ]
check "postinst, prerm and postrm: executable /bin/sh scripts that parse" $? "bad:$bad"
grep -q 'adduser --system .*--home /var/lib/gongkai' "$T/control/postinst" &&
  grep -q 'install -d -o gongkai -g gongkai -m 0750 /var/lib/gongkai' "$T/control/postinst"
check "postinst creates the system user gongkai and its state folder" $? "$(cat "$T/control/postinst")"

# ---- its files
dpkg-deb -c "$DEB" >"$T/contents"
awk '{print $6}' "$T/contents" | sed 's|^\./|/|; s|/$||' | grep . | sort >"$T/paths"
missing=""
for p in /usr/bin/gongkai /etc/gongkai/gongkai.toml /lib/systemd/system/gongkai.service \
  /usr/share/doc/gongkai/README.md /usr/share/doc/gongkai/operations.md \
  /usr/share/doc/gongkai/examples/gongkai.example.toml; do
  grep -qx "$p" "$T/paths" || missing+=" $p"
done
# What paths.root holds at run time: every file of templates/, static/, data/.
(cd "$ROOT" && find templates static data -type f | sed 's|^|/usr/share/gongkai/|') | sort >"$T/root-files"
missing+="$(comm -23 "$T/root-files" "$T/paths" | head -5 | tr '\n' ' ')"
n="$(wc -l <"$T/root-files")"
[ -z "$missing" ]
check "files: the binary, the unit, the conffile, the docs and all $n of templates/, static/, data/" $? \
  "missing: $missing"
stray="$(grep -v -E '^/(etc|lib|lib/systemd|lib/systemd/system|usr|usr/bin|usr/share|usr/share/doc)$|^/etc/gongkai(/|$)|^/lib/systemd/system/gongkai\.service$|^/usr/bin/gongkai$|^/usr/share/gongkai(/|$)|^/usr/share/doc/gongkai(/|$)' "$T/paths")"
[ -z "$stray" ]
check "nothing else is installed (no /usr/local, no build paths)" $? "$stray"
notroot="$(awk '$2 != "root/root"' "$T/contents")"
[ -z "$notroot" ]
check "every file belongs to root" $? "$notroot"

dpkg-deb -x "$DEB" "$T/root"
BIN="$T/root/usr/bin/gongkai"
if command -v readelf >/dev/null 2>&1; then
  mib=$(($(stat -c %s "$BIN") / 1048576))
  ! readelf -S "$BIN" | grep -q '\.debug_info'
  check "the binary is stripped ($mib MiB)" $?
fi

# ---- the unit
UNIT="$T/root/lib/systemd/system/gongkai.service"
grep -qx 'ExecStart=/usr/bin/gongkai serve --config /etc/gongkai/gongkai.toml' "$UNIT" &&
  grep -qx 'User=gongkai' "$UNIT" && grep -qx 'StateDirectory=gongkai' "$UNIT" &&
  grep -qx 'MemoryDenyWriteExecute=yes' "$UNIT" && grep -qx 'CapabilityBoundingSet=' "$UNIT"
check "the unit runs /usr/bin/gongkai serve as gongkai with /var/lib/gongkai as its state" $? "$(cat "$UNIT")"
if command -v systemd-analyze >/dev/null 2>&1; then
  # verify wants ExecStart's program to exist: the unpacked one stands in.
  mkdir -p "$T/unit"
  sed "s|^ExecStart=/usr/bin/gongkai |ExecStart=$BIN |" "$UNIT" >"$T/unit/gongkai.service"
  out="$(systemd-analyze verify "$T/unit/gongkai.service" 2>&1)"
  rc=$?
  # A bad key or value is only a warning: any output is a failure.
  [ "$rc" -eq 0 ] && [ -z "$out" ]
  check "systemd-analyze verify accepts the unit" $? "$out"
  line="$(systemd-analyze security --offline=true "$T/unit/gongkai.service" 2>&1 | grep 'Overall exposure level')"
  score="$(sed -E 's/.*: ([0-9.]+) .*/\1/' <<<"$line")"
  awk -v s="$score" 'BEGIN { exit !(s != "" && s + 0 <= 2.0) }'
  check "systemd-analyze security rates the unit's exposure ${score:-?} (at most 2.0)" $? "$line"
else
  echo "note: systemd-analyze not found; the unit was not verified (Debian package systemd)"
fi

# ---- run it from the unpacked root
PORT=$(pick_port)
STATE="$T/state"
mkdir -p "$STATE"
sed -e "s|/var/lib/gongkai/|$STATE/|g" -e "s|\"/usr/share/gongkai\"|\"$T/root/usr/share/gongkai\"|" \
  -e "s|^port = 8080$|port = $PORT|" "$T/root/etc/gongkai/gongkai.toml" >"$T/gongkai.toml"
grep -qx 'url = "sqlite:/var/lib/gongkai/gongkai.db"' "$T/root/etc/gongkai/gongkai.toml" &&
  grep -qx 'data_key_file = "/var/lib/gongkai/data.key"' "$T/root/etc/gongkai/gongkai.toml" &&
  grep -qx 'root = "/usr/share/gongkai"' "$T/root/etc/gongkai/gongkai.toml" &&
  grep -qx 'listen = "127.0.0.1"' "$T/root/etc/gongkai/gongkai.toml" &&
  grep -qx "port = $PORT" "$T/gongkai.toml" && ! grep -q '^[^#]*/var/lib/gongkai' "$T/gongkai.toml"
check "the shipped configuration: 127.0.0.1:8080, SQLite and the key in /var/lib/gongkai, root /usr/share/gongkai" \
  $? "$(cat "$T/gongkai.toml")"

"$BIN" seed-demo --single --config "$T/gongkai.toml" >"$T/seed.log" 2>&1
check "the packaged binary seeds the demo office (seed-demo --single)" $? "$(tail -20 "$T/seed.log")"
[ "$(stat -c %a "$STATE/data.key" 2>/dev/null)" = 600 ]
check "the data key is security.data_key_file, mode 0600" $? "$(ls -l "$STATE")"

# PR_SET_MDWE (Linux 6.3) refuses writable and executable memory to the
# process and what it executes, as MemoryDenyWriteExecute=yes does.
MDWE='import ctypes, os, sys
if ctypes.CDLL(None).prctl(65, 1, 0, 0, 0) != 0: sys.exit(3)
os.execvp(sys.argv[1], sys.argv[1:])'
PROBE='import mmap
try: mmap.mmap(-1, 4096, prot=7)
except PermissionError: raise SystemExit(0)
raise SystemExit(1)'
if command -v python3 >/dev/null 2>&1 && python3 -c "$MDWE" python3 -c "$PROBE" 2>/dev/null; then
  echo "note: serving under PR_SET_MDWE (no writable executable memory)"
  python3 -c "$MDWE" "$BIN" serve --config "$T/gongkai.toml" >"$T/serve.log" 2>&1 &
else
  echo "note: no PR_SET_MDWE here (python3 and Linux 6.3 needed); MemoryDenyWriteExecute not exercised"
  "$BIN" serve --config "$T/gongkai.toml" >"$T/serve.log" 2>&1 &
fi
PID=$!
wait_up "$PORT" || { echo "the server did not start:"; cat "$T/serve.log"; exit 1; }

URL="http://127.0.0.1:$PORT"
code=$(curl -s -o "$T/home.html" -w '%{http_code}' "$URL/")
[ "$code" = 200 ] && grep -q '静安寺街道办事处' "$T/home.html" && grep -q '政府信息公开' "$T/home.html"
check "/ answers 200 with the office's portal in Chinese" $? "got $code; $(head -c 600 "$T/home.html")"
css="$(grep -o '/static/[a-z-]*\.css' "$T/home.html" | head -1)"
[ -n "$css" ]
check "the portal links its stylesheet (${css:-none})" $?
info=$(curl -s -o "$T/site.css" -w '%{http_code} %{content_type}' "$URL${css:-/static/site.css}")
[ "$info" = "200 text/css; charset=utf-8" ] && cmp -s "$T/site.css" "$T/root/usr/share/gongkai${css:-/static/site.css}"
check "$css is served from /usr/share/gongkai (200 text/css, the packaged bytes)" $? "got $info"
code=$(curl -s -o "$T/login.html" -w '%{http_code}' "$URL/staff/login")
[ "$code" = 200 ] && grep -q '登录' "$T/login.html"
check "/staff/login answers 200 (the staff templates)" $? "got $code"

# SIGTERM, as systemd stops it: the drain, then a clean exit well within
# the unit's TimeoutStopSec.
kill -TERM "$PID"
rc=124
for _ in $(seq 150); do
  if ! kill -0 "$PID" 2>/dev/null; then
    wait "$PID"
    rc=$?
    break
  fi
  sleep 0.1
done
PID=""
[ "$rc" -eq 0 ] && grep -q 'Gongkai stopped' "$T/serve.log"
check "SIGTERM stops the server cleanly within 15 s (exit $rc)" $? "$(tail -5 "$T/serve.log")"

finish
