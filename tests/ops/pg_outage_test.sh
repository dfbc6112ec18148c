#!/usr/bin/env bash
# A PostgreSQL outage under a running `gongkai serve`: while the server is
# down every request gets at once a 503 page in Chinese ("系统暂时无法访问",
# never "尚未初始化"), the log says so once rather than once per request,
# and when PostgreSQL is back the node serves again by itself, without a
# restart, and says that once too. A visitor files applications all along:
# every application acknowledged with a receipt, before, during or after the
# outage, is stored.
# Usage: tests/ops/pg_outage_test.sh PATH/TO/gongkai   (ctest: `pg_outage`,
# label postgres; needs PostgreSQL 15 and scripts/pg-cluster.sh)
set -uo pipefail

if [ "$#" -ne 1 ] || [ ! -x "$1" ]; then
  echo "usage: $0 PATH/TO/gongkai" >&2
  exit 2
fi
BIN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PG="$ROOT/scripts/pg-cluster.sh"

T="$(mktemp -d "${TMPDIR:-/tmp}/gk_pg_outage.XXXXXX")"
chmod 755 "$T"
SERVER=""
WRITER=""
cleanup() {
  [ -n "$WRITER" ] && kill "$WRITER" 2>/dev/null
  if [ -n "$SERVER" ]; then
    kill "$SERVER" 2>/dev/null
    wait "$SERVER" 2>/dev/null
  fi
  "$PG" stop "$T/pg" >/dev/null 2>&1
  rm -rf "$T"
}
trap cleanup EXIT
# shellcheck source=../support/checks.sh
source "$ROOT/tests/support/checks.sh"

PGPORT=$(pick_port)
PORT=$(pick_port)
"$PG" start "$T/pg" "$PGPORT" >"$T/pg.log" 2>&1 || { cat "$T/pg.log"; exit 1; }
URL="postgresql://postgres@/postgres?host=$T/pg&port=$PGPORT"
GONGKAI_DATA_KEY_FILE="$T/data.key" "$BIN" seed-demo --single --db "$URL" >"$T/seed.log" 2>&1 || { cat "$T/seed.log"; exit 1; }
{
  echo "[server]"
  echo "listen = \"127.0.0.1\""
  echo "port = $PORT"
  echo "page_cache_mb = 0"
  echo "[database]"
  echo "url = \"$URL\""
  echo "pool_size = 2"
  echo "[paths]"
  echo "root = \"$ROOT\""
  echo "[security]"
  echo "data_key_file = \"$T/data.key\""
} >"$T/gongkai.toml"
"$BIN" serve --config "$T/gongkai.toml" >"$T/serve.log" 2>&1 &
SERVER=$!
wait_up "$PORT" || { cat "$T/serve.log"; exit 1; }

get() {  # PATH → "status seconds", the body in $T/body; signed in when $COOKIE is set
  curl -s -o "$T/body" -w '%{http_code} %{time_total}' ${COOKIE:+-H "Cookie: gk_session=$COOKIE"} \
    "http://127.0.0.1:$PORT$1"
}
# The clerk, signed in before the outage.
jar="$T/jar"
csrf=$(curl -s -c "$jar" "http://127.0.0.1:$PORT/staff/login" | grep -o 'name="_csrf" value="[^"]*"' | head -1 |
  sed 's/.*value="//; s/"$//')
curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "_csrf=$csrf" --data-urlencode "username=clerk" \
  --data-urlencode "password=gongkai-demo" "http://127.0.0.1:$PORT/staff/login"
CLERK=$(awk '$6 == "gk_session" { print $7 }' "$jar")
[ -n "$CLERK" ]
check "the clerk signs in while PostgreSQL is up" $?

# A visitor filing applications one after another, across the outage, until
# $T/stop-writing exists; each receipt's application number goes to $T/acked.
apply_once() {
  local jar="$T/wjar" token once n=$1
  curl -s -m 5 -c "$jar" -o "$T/wform" "http://127.0.0.1:$PORT/apply" || return
  token=$(sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' "$T/wform" | head -1)
  once=$(sed -n 's/.*name="_once" value="\([^"]*\)".*/\1/p' "$T/wform" | head -1)
  [ -n "$token" ] || return
  curl -s -m 5 -b "$jar" -o "$T/wreceipt" \
    --data-urlencode "_csrf=$token" --data-urlencode "_once=$once" --data-urlencode "applicant_type=natural" \
    --data-urlencode "name=申请人$n" --data-urlencode "id_type=居民身份证" \
    --data-urlencode "id_number=11010519491231002X" --data-urlencode "phone=1381234$(printf '%04d' "$n")" \
    --data-urlencode "info_title=停电期间的申请 $n" --data-urlencode "form=electronic" \
    --data-urlencode "delivery=online" --data-urlencode "consent=1" "http://127.0.0.1:$PORT/apply"
  sed -n 's/.*id="application-ref">\([0-9-]*\)<.*/\1/p' "$T/wreceipt" >>"$T/acked"
}
: >"$T/acked"
(n=0; while [ ! -e "$T/stop-writing" ]; do n=$((n + 1)); apply_once "$n"; sleep 0.05; done) &
WRITER=$!
sleep 1

"$PG" stop "$T/pg" >>"$T/pg.log" 2>&1
acked_before=$(wc -l <"$T/acked")
refused=0
slow=0
said=0
# A visitor's search and the clerk's home page, in turn.
for i in $(seq 20); do
  if [ $((i % 2)) = 0 ]; then
    read -r code seconds < <(get "/search?q=%E5%85%AC%E5%BC%80&n=$i")
  else
    read -r code seconds < <(COOKIE=$CLERK get /staff)
  fi
  [ "$code" = 503 ] && refused=$((refused + 1))
  if grep -q "系统暂时无法访问" "$T/body" && ! grep -q "尚未初始化" "$T/body"; then said=$((said + 1)); fi
  if awk -v s="$seconds" 'BEGIN { exit !(s > 2) }'; then slow=$((slow + 1)); fi
done
[ "$refused" = 20 ]
check "every request during the outage gets 503 ($refused of 20)" $?
[ "$said" = 20 ]
check "the page says 系统暂时无法访问, not 尚未初始化 ($said of 20)" $? "$(cat "$T/body")"
[ "$slow" = 0 ]
check "each fails fast (over 2 s: $slow)" $?
rid=$(curl -s -D - -o "$T/body" "http://127.0.0.1:$PORT/catalog" | tr -d '\r' | sed -n 's/^[Xx]-[Rr]equest-[Ii]d: //p')
[ -n "$rid" ] && grep -q "请求编号：$rid" "$T/body"
check "the page names the request's id ($rid)" $? "$(cat "$T/body")"
[ "$(curl -s -o "$T/body" -w '%{http_code}' "http://127.0.0.1:$PORT/readyz")" = 503 ] && grep -q '"database"' "$T/body"
check "/readyz is not ready: database" $? "$(cat "$T/body")"
n=$(grep -c "the database is unreachable" "$T/serve.log")
errors=$(grep -cE "^[^ ]+ error " "$T/serve.log")
[ "$n" = 1 ] && [ "$errors" -le 1 ]
check "the log says it once ($n time(s); $errors error line(s) for 20 requests)" $? \
  "$(grep -v '"path"' "$T/serve.log" | tail -20)"

"$PG" start "$T/pg" "$PGPORT" >>"$T/pg.log" 2>&1
back=""
for _ in $(seq 300); do
  read -r code _ < <(get /staff/login)
  if [ "$code" = 200 ]; then
    back=1
    break
  fi
  sleep 0.1
done
[ -n "$back" ]
check "the node serves again without a restart" $? "last status $code"
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/readyz")" = 200 ]
check "/readyz is ready again" $?
kill -0 "$SERVER" 2>/dev/null
check "the same server process" $?
grep -q "the database is reachable again" "$T/serve.log"
check "the log says it is back" $?
read -r code _ < <(get "/search?q=%E5%85%AC%E5%BC%80")
[ "$code" = 200 ]
check "the search works again" $? "got $code"
read -r code _ < <(COOKIE=$CLERK get /staff)
[ "$code" = 200 ]
check "the clerk's session outlived the outage" $? "got $code"

sleep 1
touch "$T/stop-writing"
wait "$WRITER"
acked=$(wc -l <"$T/acked")
[ "$acked_before" -ge 1 ] && [ "$acked" -gt "$acked_before" ]
check "applications were acknowledged before the outage ($acked_before) and after it ($acked in all)" $?
missing=0
while read -r ref; do
  n=$(psql -X -At -h "$T/pg" -p "$PGPORT" -U postgres -d postgres \
    -c "SELECT count(*) FROM applications WHERE ref = '$ref'")
  [ "$n" = 1 ] || missing=$((missing + 1))
done <"$T/acked"
[ "$missing" = 0 ]
check "every acknowledged application is stored ($acked acknowledged, $missing missing)" $?

finish
