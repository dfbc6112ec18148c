# Shared by the shell tests that run gongkai serve (tests/proxy, tests/ops):
# sourced, never run. Clears the caller's GONGKAI_* settings and provides
#   check NAME EXIT-CODE [DETAIL]   counts and prints one check
#   pick_port                       a loopback port nothing listens on, below
#                                   the kernel's ephemeral range (so no
#                                   outgoing connection takes it meanwhile)
#   wait_up PORT                    until /healthz answers (30 s at most; 1 if not)
#   finish                          prints "N passed, M failed"; exit code
#   nginx_main_conf DIR             writes DIR/nginx.conf: nginx run by the
#                                   test in DIR (its pid, logs and temporary
#                                   files there) serving DIR/site.conf
for name in $(compgen -e); do
  case "$name" in GONGKAI_*) unset "$name" ;; esac
done
export GONGKAI_PASSWORD_COST=test

passed=0
failed=0
check() {
  if [ "$2" -eq 0 ]; then
    passed=$((passed + 1))
    echo "ok   - $1"
  else
    failed=$((failed + 1))
    echo "FAIL - $1"
    if [ -n "${3:-}" ]; then printf '%s\n' "$3" | sed 's/^/       | /'; fi
  fi
}

pick_port() {
  local p low=32768
  read -r low _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || true
  [ "$low" -gt 12000 ] || low=32768
  while :; do
    p=$(shuf -i 10000-$((low - 1)) -n 1)
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return
    fi
  done
}

wait_up() {
  local _
  for _ in $(seq 300); do
    curl -fs -o /dev/null "http://127.0.0.1:$1/healthz" && return 0
    sleep 0.1
  done
  return 1
}

finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}

nginx_main_conf() {
  cat >"$1/nginx.conf" <<NGINX
worker_processes 1;
pid $1/nginx.pid;
error_log $1/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log $1/nginx-access.log;
  client_body_temp_path $1/body;
  proxy_temp_path $1/proxy;
  fastcgi_temp_path $1/fastcgi;
  uwsgi_temp_path $1/uwsgi;
  scgi_temp_path $1/scgi;
  include $1/site.conf;
}
NGINX
}
