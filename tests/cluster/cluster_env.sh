# A district on loopback, for tests/cluster/cluster_test.sh and
# bench/cluster_load: a throwaway PostgreSQL, `gongkai serve` nodes and stock
# Debian nginx running deploy/nginx/gongkai.conf with its addresses, ports and
# certificate changed. Sourced, never run; the caller sets BIN (the binary),
# ROOT (the tree) and T (a scratch folder), sources tests/support/checks.sh
# (pick_port) and calls:
#   cluster_init NODE…        ports for PostgreSQL, nginx, a stub, Prometheus and each node
#   cluster_start_pg          PostgreSQL; URL is its address, `sql` runs a statement
#   cluster_seed              the demo office, a 公众号 endpoint at the stub, and
#                             application limits a load from one address does not hit
#   start_node NODE           a node, ready (/readyz) before it returns
#   cluster_start_nginx       nginx in front of every node; SITE_URL its address
#   web JAR CURL-ARGS…        curl through nginx with a cookie jar
#   cluster_stop              everything (for the caller's EXIT trap)
PG="$ROOT/scripts/pg-cluster.sh"
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
SITE=xxgk.example.gov.cn
declare -A PORT NODE_PID
NODES=()

cluster_init() {
  NODES=("$@")
  local ports=() p node
  while [ "${#ports[@]}" -lt $((5 + $#)) ]; do
    p=$(pick_port)
    [[ " ${ports[*]} " == *" $p "* ]] || ports+=("$p")
  done
  PGPORT=${ports[0]} HTTPS=${ports[1]} HTTP=${ports[2]} STUB=${ports[3]} PROMPORT=${ports[4]}
  p=5
  for node in "${NODES[@]}"; do
    PORT[$node]=${ports[$p]}
    p=$((p + 1))
  done
  SITE_URL="https://$SITE:$HTTPS"
}

cluster_start_pg() {
  "$PG" start "$T/pg" "$PGPORT" >"$T/pg.log" 2>&1 || { cat "$T/pg.log"; exit 1; }
  URL="postgresql://postgres@/postgres?host=$T/pg&port=$PGPORT"
}

sql() { psql -X -q -t -A -h "$T/pg" -p "$PGPORT" -U postgres -d postgres -c "$1"; }

cluster_seed() {
  GONGKAI_DATA_KEY_FILE="$T/data.key" "$BIN" seed-demo --single --db "$URL" >"$T/seed.log" 2>&1 ||
    { cat "$T/seed.log"; exit 1; }
  sql "INSERT INTO agency_settings (agency_id, key, value) SELECT id, k, v FROM agencies,
         (VALUES ('wechat_endpoint', 'http://127.0.0.1:$STUB/push'), ('limit_apply', '10000/10000')) AS s(k, v)
       ON CONFLICT (agency_id, key) DO UPDATE SET value = EXCLUDED.value" >/dev/null
}

start_node() {  # NODE
  local node=$1 _
  cat >"$T/$node.toml" <<TOML
[server]
listen = "127.0.0.1"
port = ${PORT[$node]}
threads = 2
trusted_proxies = ["127.0.0.1/32"]
[database]
url = "$URL"
pool_size = 3
[paths]
root = "$ROOT"
[security]
data_key_file = "$T/data.key"
[channels]
push_interval_seconds = 1
gateway_allowed_hosts = ["127.0.0.1"]
TOML
  "$BIN" serve --config "$T/$node.toml" >>"$T/$node.log" 2>&1 &
  NODE_PID[$node]=$!
  for _ in $(seq 300); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${PORT[$node]}/readyz")" = 200 ] && return 0
    sleep 0.1
  done
  echo "node $node did not become ready:"
  cat "$T/$node.log"
  exit 1
}

cluster_start_nginx() {
  local node servers=""
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$SITE" -keyout "$T/site.key" -out "$T/site.pem" \
    >/dev/null 2>&1 || { echo "openssl failed" >&2; exit 1; }
  for node in "${NODES[@]}"; do servers+="127.0.0.1:${PORT[$node]} "; done
  # The shipped file's two upstream servers become one line per node, with
  # the same options.
  awk -v servers="$servers" '
    /server 10\.0\.0\.11:8080/ {
      n = split(servers, s, " ")
      for (i = 1; i <= n; i++) { line = $0; sub(/10\.0\.0\.11:8080/, s[i], line); print line }
      next
    }
    /server 10\.0\.0\.12:8080/ { next }
    { print }' "$ROOT/deploy/nginx/gongkai.conf" |
    sed -e "s/listen 443 ssl;/listen 127.0.0.1:$HTTPS ssl;/; s/listen 80;/listen 127.0.0.1:$HTTP;/" \
        -e "s|/etc/ssl/certs/$SITE.pem|$T/site.pem|; s|/etc/ssl/private/$SITE.key|$T/site.key|" >"$T/site.conf"
  nginx_main_conf "$T"
  "$NGINX" -c "$T/nginx.conf" >"$T/nginx-start.log" 2>&1 || { cat "$T/nginx-start.log" "$T/nginx-error.log"; exit 1; }
}

web() {  # JAR, then curl arguments
  local jar=$1
  shift
  curl -s -k --resolve "$SITE:$HTTPS:127.0.0.1" -b "$jar" -c "$jar" "$@"
}

cluster_stop() {
  local p
  for p in "${NODE_PID[@]}"; do kill "$p" 2>/dev/null; done
  [ -f "$T/nginx.pid" ] && kill "$(cat "$T/nginx.pid")" 2>/dev/null
  wait 2>/dev/null
  "$PG" stop "$T/pg" >/dev/null 2>&1
}
