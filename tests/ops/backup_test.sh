#!/usr/bin/env bash
# The restore drill: last night's backup of a live node, restored into a
# fresh machine. `gongkai backup` copies a SQLite database while applications
# are being filed; `gongkai restore` rebuilds it elsewhere and verifies its
# audit chain. Without the data key file the restored node refuses to start
# (and creates no new key); with another key it refuses too; with its own key
# it serves, and an applicant's query code from before the backup finds
# their application. Then the data key is rotated on the restored node (add,
# use, reseal, retire), the old query codes still work and a node given the
# key file of before the rotation refuses to start.
# With `postgres`, the same on a throwaway PostgreSQL: pg_dump's format,
# restored into a new database with pg_restore.
# Usage: tests/ops/backup_test.sh PATH/TO/gongkai [sqlite|postgres]
#   (ctest: `backup`, and `backup_postgres` with label postgres)
set -uo pipefail

if [ "$#" -lt 1 ] || [ ! -x "$1" ]; then
  echo "usage: $0 PATH/TO/gongkai [sqlite|postgres]" >&2
  exit 2
fi
BIN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
ENGINE=${2:-sqlite}
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

T="$(mktemp -d "${TMPDIR:-/tmp}/gk_backup.XXXXXX")"
chmod 755 "$T"
PIDS=()
cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  [ "$ENGINE" = postgres ] && "$ROOT/scripts/pg-cluster.sh" stop "$T/pg" >/dev/null 2>&1
  rm -rf "$T"
}
trap cleanup EXIT
# shellcheck source=../support/checks.sh
source "$ROOT/tests/support/checks.sh"

config() {  # NAME DB-URL PORT KEY-FILE → $T/NAME.toml
  cat >"$T/$1.toml" <<TOML
[server]
listen = "127.0.0.1"
port = $3
trusted_proxies = ["127.0.0.1/32"]
[database]
url = "$2"
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

# Where the live node's and the fresh machine's databases live, and their
# keys: files beside SQLite databases; for PostgreSQL two databases of one
# server, the keys in folders of their own.
mkdir -p "$T/live" "$T/fresh" "$T/other"
if [ "$ENGINE" = postgres ]; then
  PGPORT=$(pick_port)
  "$ROOT/scripts/pg-cluster.sh" start "$T/pg" "$PGPORT" >"$T/pg.log" 2>&1 || { cat "$T/pg.log"; exit 1; }
  pg_url() { echo "postgresql://postgres@/$1?host=$T/pg&port=$PGPORT"; }
  for name in live fresh other; do
    psql -X -q -h "$T/pg" -p "$PGPORT" -U postgres -d postgres -c "CREATE DATABASE $name" || exit 1
  done
  LIVE_URL=$(pg_url live) FRESH_URL=$(pg_url fresh) OTHER_URL=$(pg_url other)
  LIVE_KEY="$T/live/data.key" FRESH_KEY="$T/fresh/data.key" OTHER_KEY="$T/other/data.key"
  BACKUP="$T/nightly.dump"
  count_in_backup() { pg_restore --data-only --table=applications -f - "$BACKUP" | grep -c '^[0-9]'; }
else
  LIVE_URL="sqlite:$T/live/gk.db" FRESH_URL="sqlite:$T/fresh/gk.db" OTHER_URL="sqlite:$T/other/gk.db"
  LIVE_KEY="$T/live/gk.db.key" FRESH_KEY="$T/fresh/gk.db.key" OTHER_KEY="$T/other/gk.db.key"
  BACKUP="$T/nightly.db"
  count_in_backup() { sqlite3 "$BACKUP" 'SELECT COUNT(*) FROM applications'; }
fi

# The live node, and one applicant's receipt.
GONGKAI_DATA_KEY_FILE="$LIVE_KEY" "$BIN" seed-demo --single --db "$LIVE_URL" >"$T/seed.log" 2>&1 ||
  { cat "$T/seed.log"; exit 1; }
LIVE_PORT=$(pick_port)
config live "$LIVE_URL" "$LIVE_PORT" "$LIVE_KEY"
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
"$BIN" backup -o "$BACKUP" --config "$T/live.toml" >"$T/backup.log" 2>&1
check "gongkai backup copies the live $ENGINE database under writes" $? "$(cat "$T/backup.log")"
grep -q "the data key is not in the backup: keep $LIVE_KEY" "$T/backup.log"
check "it names the key file to keep with it" $? "$(cat "$T/backup.log")"
kill "$WRITER" 2>/dev/null
wait "$WRITER" 2>/dev/null
[ ! -e "$BACKUP.partial" ]
check "no partial file is left" $?

# A fresh machine: the backup only.
FRESH_PORT=$(pick_port)
config fresh "$FRESH_URL" "$FRESH_PORT" "$FRESH_KEY"
"$BIN" restore "$BACKUP" --config "$T/fresh.toml" >"$T/restore.log" 2>&1
rc=$?
grep -q "audit chain intact" "$T/restore.log"
check "restore verifies the audit chain" $? "$(cat "$T/restore.log")"
[ "$rc" -ne 0 ] && grep -q "does not exist, but this database holds personal data" "$T/restore.log" && [ ! -e "$FRESH_KEY" ]
check "without its key file restore says the key is missing and creates none" $? "rc $rc; $(cat "$T/restore.log")"
"$BIN" serve --config "$T/fresh.toml" >"$T/nokey.log" 2>&1
rc=$?
[ "$rc" -ne 0 ] && grep -q "restore that key file" "$T/nokey.log" && [ ! -e "$FRESH_KEY" ]
check "serve refuses to start without the key, and creates no new key" $? "rc $rc; $(cat "$T/nokey.log")"
"$BIN" restore "$BACKUP" --config "$T/fresh.toml" >"$T/again.log" 2>&1
[ $? -ne 0 ] && grep -qE "exists: restore into a new file|has tables: restore into a new, empty database" "$T/again.log"
check "restore never overwrites a database" $? "$(cat "$T/again.log")"

# Another key: refused as well.
GONGKAI_DATA_KEY_FILE="$OTHER_KEY" "$BIN" seed-demo --single --db "$OTHER_URL" >/dev/null 2>&1
cp "$OTHER_KEY" "$FRESH_KEY"
"$BIN" serve --config "$T/fresh.toml" >"$T/wrongkey.log" 2>&1
rc=$?
[ "$rc" -ne 0 ] && grep -q "is not the key this database's personal data is sealed with" "$T/wrongkey.log"
check "serve refuses another database's key" $? "rc $rc; $(cat "$T/wrongkey.log")"

# Its own key: the node serves the restored data.
cp "$LIVE_KEY" "$FRESH_KEY"
"$BIN" serve --config "$T/fresh.toml" >"$T/fresh.log" 2>&1 &
FRESH_PID=$!
PIDS+=($FRESH_PID)
wait_up "$FRESH_PORT"
check "with its own key the restored node starts" $? "$(cat "$T/fresh.log")"
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$FRESH_PORT/readyz")" = 200 ]
check "and is ready" $?
finds() {  # PORT QUERY-CODE PHONE: the applicant's status page finds the application
  local jar="$T/jar.lookup" page token found
  page=$(curl -s -c "$jar" "http://127.0.0.1:$1/apply/status")
  token=$(printf '%s' "$page" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1)
  found=$(curl -s -b "$jar" --data-urlencode "_csrf=$token" --data-urlencode "query_code=$2" \
    --data-urlencode "phone=$3" "http://127.0.0.1:$1/apply/status")
  printf '%s' "$found" | grep -q 'id="case-state"' && return 0
  printf '%s' "$found" | grep -E "error|alert|申请 " | head -5
  return 1
}
out=$(finds "$FRESH_PORT" "$CODE" 13812340001)
check "the applicant's query code from before the backup finds the application (sealed data opens)" $? "$out"
"$BIN" audit verify --config "$T/fresh.toml" >"$T/verify.log" 2>&1 && grep -q "audit chain intact" "$T/verify.log"
check "gongkai audit verify on the restored copy" $? "$(cat "$T/verify.log")"
live_count=$(count_in_backup)
[ "$live_count" -ge 2 ]
check "the backup holds applications filed while it was taken ($live_count)" $?
# Key rotation on the restored node, the way docs/operations.md "Key rotation"
# has it: add a key, make it seal, seal everything again, retire the old one;
# the node restarted after each change of the file.
restart_fresh() {
  kill "$FRESH_PID"
  wait "$FRESH_PID" 2>/dev/null
  "$BIN" serve --config "$T/fresh.toml" >>"$T/fresh.log" 2>&1 &
  FRESH_PID=$!
  PIDS+=($FRESH_PID)
  wait_up "$FRESH_PORT"
}
key() { "$BIN" key "$@" --config "$T/fresh.toml" >"$T/key.log" 2>&1; }
cp "$FRESH_KEY" "$T/before-rotation.key"
chmod 640 "$FRESH_KEY"
owner=$(id -u):$(id -g)
if [ "$(id -u)" = 0 ]; then chown nobody:nogroup "$FRESH_KEY" && owner=$(stat -c %u:%g "$FRESH_KEY"); fi
key add && grep -q "added key 2" "$T/key.log"
check "gongkai key add adds key 2" $? "$(cat "$T/key.log")"
[ "$(stat -c %a "$FRESH_KEY")" = 640 ] && [ "$(stat -c %u:%g "$FRESH_KEY")" = "$owner" ]
check "the rewritten key file keeps its mode and owner" $? "$(stat -c '%a %u:%g' "$FRESH_KEY"), was 640 $owner"
restart_fresh
key use 2 && grep -q "sealing with key 2" "$T/key.log"
check "gongkai key use 2" $? "$(cat "$T/key.log")"
restart_fresh
CODE2=$(apply "$FRESH_PORT" 901)
[ -n "$CODE2" ]
check "an application filed after the switch" $?
key status && grep -qE "applications: [0-9]+ with key 1 1 with key 2" "$T/key.log"
check "gongkai key status counts the values of each key" $? "$(cat "$T/key.log")"
key retire 1
rc=$?
[ "$rc" -ne 0 ] && grep -q "still sealed with key 1" "$T/key.log" && ! grep -q "^lookup" "$FRESH_KEY"
check "key 1 cannot be retired while values are sealed with it" $? "rc $rc; $(cat "$T/key.log")"
key reseal --batch 50 && grep -q "every sealed value is now sealed with key 2" "$T/key.log"
check "gongkai key reseal seals every value with key 2" $? "$(cat "$T/key.log")"
key retire 1 && grep -q "^lookup " "$FRESH_KEY" && grep -q "^seal 2" "$FRESH_KEY"
check "then key 1 is retired (the root key stays for lookups only)" $? "$(cat "$T/key.log"; cat "$FRESH_KEY" | cut -c1-12)"
restart_fresh
check "the node starts with the rotated key file" $? "$(tail -5 "$T/fresh.log")"
out=$(finds "$FRESH_PORT" "$CODE" 13812340001) && out2=$(finds "$FRESH_PORT" "$CODE2" 13812340901)
check "query codes from before and after the rotation still find their applications" $? "$out $out2"
key reseal && grep -q "every sealed value is now sealed with key 2" "$T/key.log" && ! grep -q "COULD NOT" "$T/key.log"
check "every sealed value opens with the rotated key file" $? "$(cat "$T/key.log")"
mkdir -p "$T/stale"
cp "$T/before-rotation.key" "$T/stale/data.key"
config stale "$FRESH_URL" "$(pick_port)" "$T/stale/data.key"
timeout 30 "$BIN" serve --config "$T/stale.toml" >"$T/stale.log" 2>&1
rc=$?
[ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] && grep -q "which was retired" "$T/stale.log"
check "a node given the key file of before the rotation refuses to start" $? "rc $rc; $(tail -3 "$T/stale.log")"
finish
