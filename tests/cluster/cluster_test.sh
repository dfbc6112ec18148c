#!/usr/bin/env bash
# A district on several nodes: a throwaway PostgreSQL, three `gongkai serve`
# nodes and stock Debian nginx running deploy/nginx/gongkai.conf (round-robin,
# proxy_next_upstream) in front — the setup docs/operations.md recommends —
# and what must hold there:
#   - a session works whichever node answers;
#   - background work runs once across the nodes: 公众号 releases are each
#     pushed exactly once to a stub gateway counting the calls, although all
#     three nodes push their outbox every second;
#   - a change made on one node shows on the others' cached pages within
#     server.portal_recheck_ms;
#   - one node killed (SIGKILL) under load: nginx routes around it, every
#     acknowledged application is stored (the fraction of failed requests
#     during the kill is printed);
#   - a rolling restart (SIGTERM, start, /readyz) of every node under load:
#     no failed request;
#   - Prometheus (Debian's) scrapes every node's /metrics: it sees the three
#     nodes up, their requests and the pushes, and the killed node down.
# Usage: tests/cluster/cluster_test.sh PATH/TO/gongkai   (ctest: `cluster`,
# label postgres; needs PostgreSQL 15, nginx, openssl, curl, python3)
set -uo pipefail

if [ "$#" -ne 1 ] || [ ! -x "$1" ]; then
  echo "usage: $0 PATH/TO/gongkai" >&2
  exit 2
fi
BIN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
for tool in curl openssl python3 psql nginx prometheus promtool; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || { echo "error: $tool is needed" >&2; exit 2; }
done

T="$(mktemp -d "${TMPDIR:-/tmp}/gk_cluster.XXXXXX")"
chmod 755 "$T"
OTHER_PIDS=()
cleanup() {
  local p
  for p in "${OTHER_PIDS[@]}"; do kill "$p" 2>/dev/null; done
  cluster_stop
  wait 2>/dev/null
  if [ -n "${GK_KEEP_TEST_DIR:-}" ]; then echo "kept: $T"; else rm -rf "$T"; fi
}
trap cleanup EXIT
# shellcheck source=../support/checks.sh
source "$ROOT/tests/support/checks.sh"
# shellcheck source=cluster_env.sh
source "$ROOT/tests/cluster/cluster_env.sh"

cluster_init A B C
cluster_start_pg
cluster_seed
python3 "$ROOT/tests/cluster/stub_gateway.py" "$STUB" "$T/pushes.log" &
OTHER_PIDS+=($!)
for node in A B C; do start_node "$node"; done
cluster_start_nginx
[ "$(grep -c 'server 127.0.0.1:' "$T/site.conf")" = 3 ]
check "the shipped nginx configuration, with three nodes" $? "$(cat "$T/site.conf")"

# Prometheus scraping the three nodes every second (each node's
# server.metrics_allow is loopback by default).
cat >"$T/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: gongkai
    static_configs:
      - targets: ["127.0.0.1:${PORT[A]}", "127.0.0.1:${PORT[B]}", "127.0.0.1:${PORT[C]}"]
YAML
prometheus --config.file="$T/prometheus.yml" --storage.tsdb.path="$T/prom" \
  --web.listen-address="127.0.0.1:$PROMPORT" >"$T/prometheus.log" 2>&1 &
OTHER_PIDS+=($!)
promql() {  # QUERY → the value of its first result ("" if none)
  curl -s "http://127.0.0.1:$PROMPORT/api/v1/query" --data-urlencode "query=$1" |
    sed -n 's/.*"value":\[[^,]*,"\([^"]*\)"\].*/\1/p'
}
until_promql() {  # QUERY EXPECTED: up to 15 s
  local _ got=""
  for _ in $(seq 75); do
    got=$(promql "$1")
    [ "$got" = "$2" ] && return 0
    sleep 0.2
  done
  echo "       ($1 = \"$got\", expected $2)"
  return 1
}
curl -s "http://127.0.0.1:${PORT[A]}/metrics" | promtool check metrics >"$T/promtool.log" 2>&1
check "a node's /metrics passes promtool check metrics" $? "$(cat "$T/promtool.log")"
until_promql 'sum(up{job="gongkai"})' 3
check "Prometheus scrapes the three nodes" $? "$(tail -5 "$T/prometheus.log")"

token_of() { sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' "$1" | head -1; }

# ---------------------------------------------------------------- sessions
OFFICE="$T/office.jar"
web "$OFFICE" -o "$T/login.html" "$SITE_URL/staff/login"
code=$(web "$OFFICE" -o /dev/null -w '%{http_code}' -H "Origin: $SITE_URL" --data-urlencode "_csrf=$(token_of "$T/login.html")" \
  --data-urlencode "username=office" --data-urlencode "password=gongkai-demo" "$SITE_URL/staff/login")
[ "$code" = 303 ]
check "the 公开办 signs in through nginx" $? "got $code"
ok=0
for _ in $(seq 9); do [ "$(web "$OFFICE" -o /dev/null -w '%{http_code}' "$SITE_URL/staff")" = 200 ] && ok=$((ok + 1)); done
[ "$ok" = 9 ]
check "the session works on every node (9 of 9 round-robin)" $? "$ok of 9"

# ---------------------------------------------------------------- jobs once
mapfile -t ITEMS < <(sql "SELECT id FROM items WHERE state = 'published' ORDER BY id LIMIT 10")
RELEASES=9
released=0
for id in "${ITEMS[@]:0:$RELEASES}"; do
  web "$OFFICE" -o "$T/item.html" "$SITE_URL/staff/items/$id"
  code=$(web "$OFFICE" -o /dev/null -w '%{http_code}' -H "Origin: $SITE_URL" --data-urlencode "_csrf=$(token_of "$T/item.html")" \
    --data-urlencode "channel=wechat" "$SITE_URL/staff/items/$id/channels")
  [ "$code" = 303 ] && released=$((released + 1))
done
[ "$released" = "$RELEASES" ]
check "$RELEASES items released to the 公众号 through nginx" $? "$released released"
sent=0
for _ in $(seq 100); do
  sent=$(sql "SELECT COUNT(*) FROM channel_releases WHERE channel = 'wechat' AND push_state = 'sent'")
  [ "$sent" = "$RELEASES" ] && break
  sleep 0.3
done
sleep 2  # any second push would come within a push interval
calls=$(wc -l <"$T/pushes.log" 2>/dev/null || echo 0)
distinct=$(sort -u "$T/pushes.log" 2>/dev/null | wc -l)
[ "$sent" = "$RELEASES" ] && [ "$calls" = "$RELEASES" ] && [ "$distinct" = "$RELEASES" ]
check "each release pushed exactly once by three nodes pushing every second ($calls calls, $distinct releases)" $? \
  "sent $sent; $(sort "$T/pushes.log" 2>/dev/null | uniq -c)"
pushers=0
for node in A B C; do grep -q "push(es) attempted" "$T/$node.log" && pushers=$((pushers + 1)); done
echo "       (nodes that pushed: $pushers of 3)"
until_promql 'sum(gongkai_wechat_pushes_total{result="sent"})' "$RELEASES"
check "Prometheus counts the $RELEASES pushes across the nodes" $?

# ---------------------------------------------------------------- caches
X=${ITEMS[9]}
for node in B C; do
  curl -s -o /dev/null "http://127.0.0.1:${PORT[$node]}/items/$X"
  hit=$(curl -s -D - -o /dev/null "http://127.0.0.1:${PORT[$node]}/items/$X" | tr -d '\r' | sed -n 's/^[Xx]-[Cc]ache: //p')
  [ "$hit" = hit ]
  check "node $node serves item $X from its page cache" $? "x-cache: $hit"
done
DIRECT="$T/direct.jar"
curl -s -b "$DIRECT" -c "$DIRECT" -o "$T/login-a.html" "http://127.0.0.1:${PORT[A]}/staff/login"
curl -s -b "$DIRECT" -c "$DIRECT" -o /dev/null --data-urlencode "_csrf=$(token_of "$T/login-a.html")" \
  --data-urlencode "username=office" --data-urlencode "password=gongkai-demo" "http://127.0.0.1:${PORT[A]}/staff/login"
curl -s -b "$DIRECT" -c "$DIRECT" -o "$T/x.html" "http://127.0.0.1:${PORT[A]}/staff/items/$X"
code=$(curl -s -b "$DIRECT" -c "$DIRECT" -o /dev/null -w '%{http_code}' --data-urlencode "_csrf=$(token_of "$T/x.html")" \
  --data-urlencode "action=withdraw" --data-urlencode "reason=内容需更新" "http://127.0.0.1:${PORT[A]}/staff/items/$X/act")
[ "$code" = 303 ]
check "item $X withdrawn on node A" $? "got $code"
sleep 1.5  # server.portal_recheck_ms (1 s) and a margin
for node in B C; do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${PORT[$node]}/items/$X")" = 404 ]
  check "node $node no longer shows it (its cached page is stale)" $?
done

# ---------------------------------------------------------------- load
# One worker: portal pages and an application, over and over, through nginx;
# a line per request: "status kind receipt-code".
worker() {  # NAME UNTIL-FILE
  local jar="$T/w$1.jar" n=0 st once
  while [ ! -e "$2" ]; do
    n=$((n + 1))
    for path in / /catalog "/items/${ITEMS[0]}" "/search?q=%E5%85%AC%E5%BC%80"; do
      st=$(web "$jar" -o /dev/null -w '%{http_code}' "$SITE_URL$path")
      echo "$st get -"
    done
    st=$(web "$jar" -o "$T/w$1.form" -w '%{http_code}' "$SITE_URL/apply")
    echo "$st get -"
    once=$(sed -n 's/.*name="_once" value="\([^"]*\)".*/\1/p' "$T/w$1.form" | head -1)
    st=$(web "$jar" -o "$T/w$1.receipt" -w '%{http_code}' -H "Origin: $SITE_URL" \
      --data-urlencode "_csrf=$(token_of "$T/w$1.form")" --data-urlencode "_once=$once" \
      --data-urlencode "applicant_type=natural" --data-urlencode "name=负载$1" --data-urlencode "id_type=居民身份证" \
      --data-urlencode "id_number=11010519491231002X" --data-urlencode "phone=13812345678" \
      --data-urlencode "info_title=负载测试 $1-$n" --data-urlencode "form=electronic" \
      --data-urlencode "delivery=online" --data-urlencode "consent=1" "$SITE_URL/apply")
    echo "$st post $(sed -n 's/.*id="application-ref">\([0-9-]*\)<.*/\1/p' "$T/w$1.receipt")"
  done
}
run_load() {  # NAME SECONDS ACTION-AFTER-1S... : four workers; results in $T/NAME.*
  local name=$1 seconds=$2
  shift 2
  rm -f "$T/$name.stop"
  local pids=() i
  for i in 1 2 3 4; do
    worker "$name$i" "$T/$name.stop" >"$T/$name.$i" &
    pids+=($!)
  done
  sleep 1
  "$@"
  sleep "$seconds"
  touch "$T/$name.stop"
  wait "${pids[@]}"
  cat "$T/$name".[1-4] >"$T/$name.all"
}
failed_of() { awk '$1 !~ /^[23]/' "$1" | wc -l; }

kill_c() {
  kill -9 "${NODE_PID[C]}"
  wait "${NODE_PID[C]}" 2>/dev/null  # (without the shell's "Killed" line)
}
run_load kill 6 kill_c
total=$(wc -l <"$T/kill.all")
nfail=$(failed_of "$T/kill.all")
echo "       (node C killed under load: $nfail of $total requests failed)"
[ "$total" -gt 40 ]
check "load ran through the kill ($total requests)" $?
# Every acknowledged application is stored.
missing=0
while read -r ref; do
  [ "$(sql "SELECT COUNT(*) FROM applications WHERE ref = '$ref'")" = 1 ] || missing=$((missing + 1))
done < <(awk '$2 == "post" && $1 == 200 && $3 != "" {print $3}' "$T/kill.all")
acked=$(awk '$2 == "post" && $1 == 200' "$T/kill.all" | wc -l)
[ "$missing" = 0 ] && [ "$acked" -gt 0 ]
check "no acknowledged application lost in the kill ($acked acknowledged)" $? "$missing missing"
# After the kill nginx routes around the dead node: the last half without failures.
half=$((total / 2))
late=$(tail -n "$half" "$T/kill.1" "$T/kill.2" "$T/kill.3" "$T/kill.4" | grep -v '^==>' | awk 'NF && $1 !~ /^[23]/' | wc -l)
[ "$late" = 0 ]
check "nginx routes around the dead node (no failure in the second half)" $? "$late failed late"
[ "$(failed_of "$T/kill.all")" -le $((total / 10)) ]
check "at most a tenth of the requests failed during the kill" $?
until_promql "up{instance=\"127.0.0.1:${PORT[C]}\"}" 0
check "Prometheus sees the killed node down" $?
[ "$(promql 'sum(gongkai_http_requests_total{route="/apply",method="POST",status="200"}) > 0')" != "" ]
check "and the applications filed, by route" $?

# Rolling restart (docs/operations.md, "Upgrades"): each node in turn stopped
# with SIGTERM (it drains), started again, and the next one only once nginx
# sends the restarted node requests again (it retries a node it marked failed
# after fail_timeout).
back_in_rotation() {  # NODE LINES-BEFORE: until the node logs requests from nginx
  local _
  for _ in $(seq 150); do
    [ "$(tail -n +"$(($2 + 1))" "$T/$1.log" | grep -c '"rid":"[0-9a-f]\{32\}"')" -gt 0 ] && return 0
    sleep 0.1
  done
  echo "node $1 got no request from nginx within 15 s"
  return 1
}
rolling() {
  local node before
  for node in C A B C; do
    before=$(wc -l <"$T/$node.log")
    if kill -0 "${NODE_PID[$node]}" 2>/dev/null; then  # (C is dead at first: killed above)
      kill -TERM "${NODE_PID[$node]}"
      wait "${NODE_PID[$node]}" 2>/dev/null
    fi
    start_node "$node"
    back_in_rotation "$node" "$before"
  done
}
run_load roll 1 rolling
total=$(wc -l <"$T/roll.all")
nfail=$(failed_of "$T/roll.all")
echo "       (rolling restart under load: $nfail of $total requests failed)"
[ "$nfail" = 0 ] && [ "$total" -gt 40 ]
check "a rolling restart of the three nodes under load fails no request ($total requests)" $? \
  "$(awk '$1 !~ /^[23]/' "$T/roll.all" | sort | uniq -c | head; tail -5 "$T/nginx-error.log")"
finish
