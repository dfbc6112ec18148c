#!/usr/bin/env bash
# The restore drill: last night's backup of a live node, restored into a
# fresh machine. `gongkai backup` copies a SQLite database while applications
# are being filed; `gongkai restore` rebuilds it elsewhere and verifies its
# audit chain. Without the data key file the restored node refuses to start
# (and creates no new key); with another key it refuses too; with its own key
# it serves, and an applicant's query code from before the backup finds
# their application.
# Usage: tests/ops/backup_test.sh PATH/TO/gongkai   (ctest: `backup`)
set -uo pipefail

if [ "$#" -ne 1 ] || [ ! -x "$1" ]; then
  echo "usage: $0 PATH/TO/gongkai" >&2
  exit 2
fi
BIN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

T="$(mktemp -d "${TMPDIR:-/tmp}/gk_backup.XXXXXX")"
PIDS=()
cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT
# shellcheck source=../support/checks.sh
source "$ROOT/tests/support/checks.sh"

config() {  # NAME DB-FILE PORT KEY-FILE → $T/NAME.toml
  cat >"$T/$1.toml" <<TOML
[server]
listen = "127.0.0.1"
port = $3
trusted_proxies = ["127.0.0.1/32"]
[database]
url = "sqlite:$2"
[paths]
root = "$ROOT"
[security]
data_key_file = "$4"
TOML
}
apply() {  # PORT N → prints the query code of a new application (or nothing)
  local jar="$T/jar.$2" token once
  curl -s -c "$jar" -H "X-Forwarded-For: 198.51.100.$(($2 % 250 + 1))" -o "$T/form.$2" "http://127.0.0.1:$1/apply"
  token=$(sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' "$T/form.$2" | head -1)
  once=$(sed -n 's/.*name="_once" value="\([^"]*\)".*/\1/p' "$T/form.$2" | head -1)
  curl -s -b "$jar" -H "X-Forwarded-For: 198.51.100.$(($2 % 250 + 1))" \
    --data-urlencode "_csrf=$token" --data-urlencode "_once=$once" --data-urlencode "applicant_type=natural" \
    --data-urlencode "name=申请人$2" --data-urlencode "id_type=居民身份证" \
    --data-urlencode "id_number=11010519491231002X" --data-urlencode "phone=1381234$(printf '%04d' "$2")" \
    --data-urlencode "info_title=加装电梯补贴名单 $2" --data-urlencode "form=electronic" \
    --data-urlencode "delivery=online" --data-urlencode "consent=1" "http://127.0.0.1:$1/apply" |
    sed -n 's/.*id="query-code">\([A-Z0-9-]*\)<.*/\1/p'
}

# The live node, and one applicant's receipt.
LIVE="$T/live/gk.db"
mkdir -p "$T/live"
"$BIN" seed-demo --single --db "sqlite:$LIVE" >"$T/seed.log" 2>&1 || { cat "$T/seed.log"; exit 1; }
LIVE_PORT=$(pick_port)
config live "$LIVE" "$LIVE_PORT" "$LIVE.key"
"$BIN" serve --config "$T/live.toml" >"$T/live.log" 2>&1 &
PIDS+=($!)
wait_up "$LIVE_PORT" || { cat "$T/live.log"; exit 1; }
CODE=$(apply "$LIVE_PORT" 1)
[ -n "$CODE" ]
check "an applicant has a query code" $?

# Applications keep coming while the backup is taken.
(for i in $(seq 2 400); do apply "$LIVE_PORT" "$i" >/dev/null; done) &
WRITER=$!
PIDS+=($WRITER)
sleep 1
"$BIN" backup -o "$T/nightly.db" --config "$T/live.toml" >"$T/backup.log" 2>&1
check "gongkai backup copies the live database under writes" $? "$(cat "$T/backup.log")"
grep -q "the data key is not in the backup: keep $LIVE.key" "$T/backup.log"
check "it names the key file to keep with it" $? "$(cat "$T/backup.log")"
kill "$WRITER" 2>/dev/null
wait "$WRITER" 2>/dev/null
[ ! -e "$T/nightly.db.partial" ]
check "no partial file is left" $?

# A fresh machine: the backup only.
FRESH="$T/fresh/gk.db"
FRESH_PORT=$(pick_port)
config fresh "$FRESH" "$FRESH_PORT" "$FRESH.key"
"$BIN" restore "$T/nightly.db" --config "$T/fresh.toml" >"$T/restore.log" 2>&1
rc=$?
grep -q "audit chain intact" "$T/restore.log"
check "restore verifies the audit chain" $? "$(cat "$T/restore.log")"
[ "$rc" -ne 0 ] && grep -q "does not exist, but this database holds personal data" "$T/restore.log" && [ ! -e "$FRESH.key" ]
check "without its key file restore says the key is missing and creates none" $? "rc $rc; $(cat "$T/restore.log")"
"$BIN" serve --config "$T/fresh.toml" >"$T/nokey.log" 2>&1
rc=$?
[ "$rc" -ne 0 ] && grep -q "restore that key file" "$T/nokey.log" && [ ! -e "$FRESH.key" ]
check "serve refuses to start without the key, and creates no new key" $? "rc $rc; $(cat "$T/nokey.log")"
"$BIN" restore "$T/nightly.db" --config "$T/fresh.toml" >"$T/again.log" 2>&1
[ $? -ne 0 ] && grep -q "exists: restore into a new file" "$T/again.log"
check "restore never overwrites a database" $? "$(cat "$T/again.log")"

# Another key: refused as well.
"$BIN" seed-demo --single --db "sqlite:$T/other/gk.db" >/dev/null 2>&1
cp "$T/other/gk.db.key" "$FRESH.key"
"$BIN" serve --config "$T/fresh.toml" >"$T/wrongkey.log" 2>&1
rc=$?
[ "$rc" -ne 0 ] && grep -q "is not the key this database's personal data is sealed with" "$T/wrongkey.log"
check "serve refuses another database's key" $? "rc $rc; $(cat "$T/wrongkey.log")"

# Its own key: the node serves the restored data.
cp "$LIVE.key" "$FRESH.key"
"$BIN" serve --config "$T/fresh.toml" >"$T/fresh.log" 2>&1 &
PIDS+=($!)
wait_up "$FRESH_PORT"
check "with its own key the restored node starts" $? "$(cat "$T/fresh.log")"
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$FRESH_PORT/readyz")" = 200 ]
check "and is ready" $?
jar="$T/jar.lookup"
page=$(curl -s -c "$jar" "http://127.0.0.1:$FRESH_PORT/apply/status")
token=$(printf '%s' "$page" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1)
found=$(curl -s -b "$jar" --data-urlencode "_csrf=$token" --data-urlencode "query_code=$CODE" \
  --data-urlencode "phone=13812340001" "http://127.0.0.1:$FRESH_PORT/apply/status")
printf '%s' "$found" | grep -q 'id="case-state"'
check "the applicant's query code from before the backup finds the application (sealed data opens)" $? \
  "$(printf '%s' "$found" | grep -E "error|alert|申请 " | head -5)"
"$BIN" audit verify --config "$T/fresh.toml" >"$T/verify.log" 2>&1 && grep -q "audit chain intact" "$T/verify.log"
check "gongkai audit verify on the restored copy" $? "$(cat "$T/verify.log")"
live_count=$(sqlite3 "$T/nightly.db" 'SELECT COUNT(*) FROM applications')
[ "$live_count" -ge 2 ]
check "the backup holds applications filed while it was taken ($live_count)" $?
finish
