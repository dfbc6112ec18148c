#!/usr/bin/env bash
# Two `gongkai serve` nodes behind stock Debian nginx running
# deploy/nginx/gongkai.conf (the configuration docs/operations.md
# recommends), with only its addresses, ports and certificate changed for
# loopback: over HTTPS through nginx a visitor's form token and a signed-in
# session work whichever node answers, cookies are Secure and HSTS is sent
# (X-Forwarded-Proto), a form from the site's own origin is accepted although
# nginx passes `Host` without the port (X-Forwarded-Host), one from another
# origin is refused, and both nodes served requests. The same requests
# straight to a node that does not trust the sender get no Secure cookie.
# Usage: tests/proxy/nginx_test.sh PATH/TO/gongkai   (ctest: `nginx`)
set -uo pipefail

if [ "$#" -ne 1 ] || [ ! -x "$1" ]; then
  echo "usage: $0 PATH/TO/gongkai" >&2
  exit 2
fi
BIN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
for tool in curl openssl "$NGINX"; do
  command -v "$tool" >/dev/null 2>&1 || { echo "error: $tool is needed (Debian packages nginx, openssl, curl)" >&2; exit 2; }
done

T="$(mktemp -d "${TMPDIR:-/tmp}/gk_nginx_test.XXXXXX")"
chmod 755 "$T"
PIDS=()
cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  [ -f "$T/nginx.pid" ] && kill "$(cat "$T/nginx.pid")" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT
# shellcheck source=../support/checks.sh
source "$ROOT/tests/support/checks.sh"

# Loopback ports for two nodes and nginx's HTTPS and HTTP.
ports=()
while [ "${#ports[@]}" -lt 4 ]; do
  p=$(pick_port)
  [[ " ${ports[*]} " == *" $p "* ]] || ports+=("$p")
done
A=${ports[0]} B=${ports[1]} HTTPS=${ports[2]} HTTP=${ports[3]}
SITE=xxgk.example.gov.cn

"$BIN" seed-demo --single --db "sqlite:$T/gk.db" >"$T/seed.log" 2>&1 || { cat "$T/seed.log"; exit 1; }
for node in A B; do
  port=${!node}
  cat >"$T/$node.toml" <<EOF
[server]
listen = "127.0.0.1"
port = $port
threads = 2
trusted_proxies = ["127.0.0.1/32"]
[database]
url = "sqlite:$T/gk.db"
[paths]
root = "$ROOT"
[security]
data_key_file = "$T/gk.db.key"
EOF
  "$BIN" serve --config "$T/$node.toml" >"$T/$node.log" 2>&1 &
  PIDS+=($!)
  # One after the other (the first applies the migrations), each up before
  # nginx sends it anything.
  wait_up "$port" || { echo "node $node did not start:"; cat "$T/$node.log"; exit 1; }
done

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$SITE" -keyout "$T/site.key" -out "$T/site.pem" \
  >/dev/null 2>&1 || { echo "openssl failed" >&2; exit 1; }
# The shipped file with loopback addresses and ports and the test's certificate.
sed -e "s/10\.0\.0\.11:8080/127.0.0.1:$A/; s/10\.0\.0\.12:8080/127.0.0.1:$B/" \
    -e "s/listen 443 ssl;/listen 127.0.0.1:$HTTPS ssl;/; s/listen 80;/listen 127.0.0.1:$HTTP;/" \
    -e "s|/etc/ssl/certs/$SITE.pem|$T/site.pem|; s|/etc/ssl/private/$SITE.key|$T/site.key|" \
    "$ROOT/deploy/nginx/gongkai.conf" >"$T/site.conf"
grep -q "127.0.0.1:$A" "$T/site.conf" && grep -q "127.0.0.1:$HTTPS ssl" "$T/site.conf" && grep -q "$T/site.pem" "$T/site.conf"
check "the shipped configuration was adapted to loopback" $? "$(cat "$T/site.conf")"
nginx_main_conf "$T"
"$NGINX" -t -c "$T/nginx.conf" >"$T/nginx-t.log" 2>&1
check "nginx accepts the configuration" $? "$(cat "$T/nginx-t.log")"
"$NGINX" -c "$T/nginx.conf" >"$T/nginx-start.log" 2>&1 || { cat "$T/nginx-start.log"; exit 1; }

URL="https://$SITE:$HTTPS"
JAR="$T/jar"
web() {  # curl through nginx, the cookie jar kept; extra args passed on
  curl -s -k --resolve "$SITE:$HTTPS:127.0.0.1" -b "$JAR" -c "$JAR" "$@"
}

# A visitor's form: the token and its cookie.
web -D "$T/h1" -o "$T/login.html" "$URL/staff/login"
csrf=$(grep -o 'name="_csrf" value="[^"]*"' "$T/login.html" | head -1 | sed 's/.*value="//; s/"$//')
[ -n "$csrf" ]
check "the login form comes through nginx with a form token" $?
grep -qi '^set-cookie: gk_csrf=.*; Secure' "$T/h1"
check "the visitor's cookie is Secure (X-Forwarded-Proto: https)" $? "$(cat "$T/h1")"
grep -qi '^strict-transport-security:' "$T/h1"
check "HSTS is sent over HTTPS" $? "$(cat "$T/h1")"

# From another site: refused, whichever node answers.
code=$(web -o /dev/null -w '%{http_code}' -H "Origin: https://evil.example" --data-urlencode "_csrf=$csrf" \
  --data-urlencode "username=clerk" --data-urlencode "password=gongkai-demo" "$URL/staff/login")
[ "$code" = 403 ]
check "a form posted from another origin is refused (403)" $? "got $code"

# From the site itself (the browser's Origin has the port; nginx's Host does not).
code=$(web -D "$T/h2" -o /dev/null -w '%{http_code}' -H "Origin: $URL" --data-urlencode "_csrf=$csrf" \
  --data-urlencode "username=clerk" --data-urlencode "password=gongkai-demo" --data-urlencode "next=/staff" \
  "$URL/staff/login")
[ "$code" = 303 ]
check "signing in from the site's own origin works (303)" $? "got $code; $(cat "$T/h2")"
grep -qi '^set-cookie: gk_session=.*; Secure' "$T/h2"
check "the session cookie is Secure" $? "$(cat "$T/h2")"

# The session on whichever node: eight pages in a row, round-robin.
ok=0
for _ in $(seq 8); do
  [ "$(web -o /dev/null -w '%{http_code}' "$URL/staff")" = 200 ] && ok=$((ok + 1))
done
[ "$ok" = 8 ]
check "the session works on every request whichever node answers (8 of 8)" $? "$ok of 8"
a=$(grep -c '"path":"/staff"' "$T/A.log")
b=$(grep -c '"path":"/staff"' "$T/B.log")
[ "$a" -gt 0 ] && [ "$b" -gt 0 ]
check "both nodes answered (/staff: $a and $b)" $? "$(tail -5 "$T/nginx-error.log" 2>/dev/null; tail -3 "$T/B.log")"

# The request id nginx makes is the node's: in the response and the node's log.
rid=$(web -D - -o /dev/null "$URL/guide" | tr -d '\r' | sed -n 's/^[Xx]-[Rr]equest-[Ii]d: //p')
[[ "$rid" =~ ^[0-9a-f]{32}$ ]] && cat "$T/A.log" "$T/B.log" | grep -q "\"rid\":\"$rid\""
check "nginx's request id reaches the node's access log and the response ($rid)" $?
[ "$(web -o /dev/null -w '%{http_code}' "$URL/metrics")" = 404 ] && [ "$(web -o /dev/null -w '%{http_code}' "$URL/readyz")" = 404 ]
check "/metrics and /readyz are not served to the public through nginx" $?
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$A/metrics")" = 200 ]
check "while a node shows its metrics to the monitoring address (loopback)" $?

# Straight to a node from an address it does not trust: no Secure cookie,
# whatever the request says.
sed -i 's|trusted_proxies = \["127.0.0.1/32"\]|trusted_proxies = ["192.0.2.1/32"]|' "$T/A.toml"
kill "${PIDS[0]}" 2>/dev/null
wait "${PIDS[0]}" 2>/dev/null
"$BIN" serve --config "$T/A.toml" >>"$T/A.log" 2>&1 &
PIDS[0]=$!
wait_up "$A"
curl -s -D "$T/h3" -o /dev/null -H "X-Forwarded-Proto: https" -H "X-Forwarded-Host: $SITE" \
  "http://127.0.0.1:$A/staff/login"
grep -qi '^set-cookie: gk_csrf=' "$T/h3" && ! grep -qi '^set-cookie: gk_csrf=.*; Secure' "$T/h3"
check "an untrusted sender's X-Forwarded-Proto is ignored" $? "$(cat "$T/h3")"

finish
