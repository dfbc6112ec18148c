#!/usr/bin/env bash
# A full disk under a running `gongkai serve` on SQLite: the database lives on
# a small tmpfs that the test fills. Applications then get a 503 page in
# Chinese (存储空间不足, never 服务器内部错误), /readyz turns not-ready while
# /healthz (the process answers) stays 200, every receipt shown is a case
# stored and nothing is stored that was refused; once space is freed the
# node accepts applications again and is ready, without a restart.
# Usage: tests/ops/disk_full_test.sh PATH/TO/gongkai   (ctest: `disk_full`;
# needs root to mount a tmpfs: skipped, exit 77, otherwise)
set -uo pipefail

if [ "$#" -ne 1 ] || [ ! -x "$1" ]; then
  echo "usage: $0 PATH/TO/gongkai" >&2
  exit 2
fi
BIN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

T="$(mktemp -d "${TMPDIR:-/tmp}/gk_disk_full.XXXXXX")"
SERVER=""
cleanup() {
  if [ -n "$SERVER" ]; then
    kill "$SERVER" 2>/dev/null
    wait "$SERVER" 2>/dev/null
  fi
  umount "$T/disk" 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT
# shellcheck source=../support/checks.sh
source "$ROOT/tests/support/checks.sh"

mkdir -p "$T/disk"
if ! mount -t tmpfs -o size=64m tmpfs "$T/disk" 2>"$T/mount.log"; then
  echo "skipped: cannot mount a tmpfs here ($(cat "$T/mount.log"))"
  exit 77
fi
DB="$T/disk/gk.db"
"$BIN" seed-demo --single --db "sqlite:$DB" >"$T/seed.log" 2>&1 || { cat "$T/seed.log"; exit 1; }
PORT=$(pick_port)
cat >"$T/gongkai.toml" <<TOML
[server]
listen = "127.0.0.1"
port = $PORT
min_free_mb = 2
# Each application from its own address (X-Forwarded-For), so that the
# per-address limit is not what stops them.
trusted_proxies = ["127.0.0.1/32"]
[database]
url = "sqlite:$DB"
[paths]
root = "$ROOT"
[security]
data_key_file = "$DB.key"
TOML
"$BIN" serve --config "$T/gongkai.toml" >"$T/serve.log" 2>&1 &
SERVER=$!
wait_up "$PORT" || { cat "$T/serve.log"; exit 1; }

status_of() { curl -s -o "$T/body" -w '%{http_code}' "http://127.0.0.1:$PORT$1"; }
n=0
FILL=$(printf '补贴%.0s' $(seq 900))  # 1,800 characters: each application takes room
apply() {  # files one application; prints the status, the page in $T/body
  n=$((n + 1))
  local jar="$T/jar" token once
  rm -f "$jar"
  curl -s -c "$jar" -H "X-Forwarded-For: 198.51.100.$((n % 250 + 1))" -o "$T/form" "http://127.0.0.1:$PORT/apply"
  token=$(sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' "$T/form" | head -1)
  once=$(sed -n 's/.*name="_once" value="\([^"]*\)".*/\1/p' "$T/form" | head -1)
  curl -s -b "$jar" -D "$T/head" -o "$T/body" -w '%{http_code}' -H "X-Forwarded-For: 198.51.100.$((n % 250 + 1))" \
    --data-urlencode "_csrf=$token" --data-urlencode "_once=$once" \
    --data-urlencode "applicant_type=natural" --data-urlencode "name=申请人$n" \
    --data-urlencode "id_type=居民身份证" --data-urlencode "id_number=11010519491231002X" \
    --data-urlencode "phone=13812345678" --data-urlencode "info_title=加装电梯补贴名单 $n" \
    --data-urlencode "description=$FILL" \
    --data-urlencode "form=electronic" --data-urlencode "delivery=online" --data-urlencode "consent=1" \
    "http://127.0.0.1:$PORT/apply"
}
stored() {
  sqlite3 "$DB" 'SELECT COUNT(*) FROM applications'
}

[ "$(status_of /readyz)" = 200 ]
check "ready before the disk fills" $? "$(cat "$T/body")"
before=$(stored)
[ "$(apply)" = 200 ]
check "an application is accepted" $? "$(head -c 600 "$T/body")"

# Fill the file system to the last block.
dd if=/dev/zero of="$T/disk/filler" bs=1M >/dev/null 2>&1
receipts=1
refused=0
for _ in $(seq 200); do
  st=$(apply)
  if [ "$st" = 200 ]; then
    receipts=$((receipts + 1))
  else
    refused=$((refused + 1))
    break
  fi
done
[ "$refused" -eq 1 ] && [ "$st" = 503 ]
check "with the disk full an application is refused with 503 (after $receipts receipts)" $? "status $st"
grep -q "存储空间不足" "$T/body" && ! grep -q "服务器内部错误" "$T/body"
check "the refusal says, in Chinese, that storage is full" $? "$(head -c 800 "$T/body")"
grep -qi "^x-request-id: " "$T/head"
check "the refusal carries a request id" $? "$(cat "$T/head")"
[ "$(status_of /readyz)" = 503 ] && grep -q '"storage"' "$T/body"
check "/readyz is not ready: storage" $? "$(cat "$T/body")"
[ "$(status_of /healthz)" = 200 ]
check "/healthz still answers" $?
[ "$(grep -c 'no space left' "$T/serve.log")" -eq 1 ]
check "the log says it once" $? "$(grep -c 'no space left' "$T/serve.log") lines"

rm -f "$T/disk/filler"
[ "$(apply)" = 200 ]
check "with space freed applications are accepted again" $? "$(head -c 600 "$T/body")"
receipts=$((receipts + 1))
ready=1
for _ in $(seq 50); do
  if [ "$(status_of /readyz)" = 200 ]; then ready=0; break; fi
  sleep 0.1
done
check "/readyz is ready again" $ready "$(cat "$T/body")"
after=$(stored)
[ "$((after - before))" -eq "$receipts" ]
check "every receipt is a stored case, nothing refused was stored ($receipts receipts, $((after - before)) stored)" $?
finish
