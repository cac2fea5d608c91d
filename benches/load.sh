#!/usr/bin/env bash
# Load against the physical reference: our release binary against nginx serving the very
# same HTML bytes as a static file, and against the framework's ceiling (benches/ceiling.rs:
# actix-web serving those bytes from memory with our headers and our access log line),
# driven by wrk on loopback in alternating runs. All three get the very same request, query
# included (nginx and the ceiling ignore it), so each reads and parses the same bytes.
# Every server logs each request, path without the query: ours and the ceiling at the
# default level, nginx in the combined format with $uri for the request, buffered to a file.
# Prints req/s, p50, p99 and peak RSS for each, then ours/nginx and ours/ceiling.
#
#   benches/load.sh                      # 3 rounds x 10 s, 64 connections, 2 threads
#   ROUNDS=5 SECONDS_PER_RUN=20 CONNECTIONS=128 benches/load.sh
#
# Needs: wrk, nginx, curl (apt-get install -y wrk nginx curl). Not part of CI: it takes minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
source benches/lib.sh

ROUNDS=${ROUNDS:-3}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
OURS_ADDR=${OURS_ADDR:-127.0.0.1:39080}
NGINX_ADDR=${NGINX_ADDR:-127.0.0.1:39081}
CEILING_ADDR=${CEILING_ADDR:-127.0.0.1:39082}
SERVERS=(ours ceiling nginx)

need wrk wrk
need nginx nginx
need curl curl
build_release
cargo build --release --locked --quiet --example ceiling
CEILING_BIN="$PWD/target/release/examples/ceiling"

WORK=$(mktemp -d)
chmod 755 "$WORK"
cleanup() {
  [ -n "${OURS_PID:-}" ] && kill "$OURS_PID" 2>/dev/null || true
  [ -n "${NGINX_PID:-}" ] && kill "$NGINX_PID" 2>/dev/null || true
  [ -n "${CEILING_PID:-}" ] && kill "$CEILING_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

start_ours "$OURS_ADDR"

url_for() {
  case "$1" in
    ours) echo "http://$OURS_ADDR$PAGE_PATH?${QUERY[$2]}" ;;
    nginx) echo "http://$NGINX_ADDR/$2.html?${QUERY[$2]}" ;;
    ceiling) echo "http://$CEILING_ADDR/$2.html?${QUERY[$2]}" ;;
  esac
}

# The pages, fetched once from our binary and written where nginx serves them.
declare -A QUERY=([seed]="$SEED_QUERY" [unknown]="$UNKNOWN_QUERY" [description_2kib]="$(long_description_query)")
PAGES=(seed unknown description_2kib)
mkdir -p "$WORK/www" "$WORK/tmp"
for page in "${PAGES[@]}"; do
  curl -fsS -o "$WORK/www/$page.html" "$(url_for ours "$page")"
done

# Fails unless $1 answers each page's very request (query included) with our bytes.
serves_the_same_bytes() {
  for page in "${PAGES[@]}"; do
    cmp -s <(curl -fsS "$(url_for "$1" "$page")") "$WORK/www/$page.html" ||
      { echo "$1 does not serve the same bytes for $page" >&2; exit 1; }
  done
}

# nginx unprivileged in the foreground, the same security headers as ours, its access log on.
cat >"$WORK/nginx.conf" <<EOF
daemon off;
worker_processes auto;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 4096; }
http {
  log_format page '\$remote_addr - \$remote_user [\$time_local] "\$request_method \$uri \$server_protocol" \$status \$body_bytes_sent "\$http_referer" "\$http_user_agent"';
  access_log $WORK/nginx-access.log page buffer=64k;
  client_body_temp_path $WORK/tmp/body;
  proxy_temp_path $WORK/tmp/proxy;
  fastcgi_temp_path $WORK/tmp/fastcgi;
  uwsgi_temp_path $WORK/tmp/uwsgi;
  scgi_temp_path $WORK/tmp/scgi;
  types { text/html html; }
  charset utf-8;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  server {
    listen $NGINX_ADDR;
    root $WORK/www;
    add_header Content-Security-Policy "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'" always;
    add_header X-Content-Type-Options nosniff always;
    add_header Referrer-Policy no-referrer always;
    add_header Cache-Control no-store always;
    add_header X-Frame-Options DENY always;
  }
}
EOF
AS_NGINX_USER=()
if [ "$(id -u)" = 0 ]; then
  chown -R nobody "$WORK"
  AS_NGINX_USER=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)
fi
require_free "$NGINX_ADDR"
"${AS_NGINX_USER[@]}" nginx -e "$WORK/nginx-error.log" -c "$WORK/nginx.conf" &
NGINX_PID=$!
wait_for_http "http://$NGINX_ADDR/seed.html"
serves_the_same_bytes nginx

require_free "$CEILING_ADDR"
"$CEILING_BIN" "$CEILING_ADDR" "$WORK/www" 2>"$WORK/ceiling.log" &
CEILING_PID=$!
wait_for_http "http://$CEILING_ADDR/seed.html"
serves_the_same_bytes ceiling


# Peak RSS in KiB: our one process; nginx's master and workers summed.
peak_rss() {
  case "$1" in
    ours) kib "$OURS_PID" VmHWM ;;
    ceiling) kib "$CEILING_PID" VmHWM ;;
    nginx)
      local total=0 pid
      for pid in $(pgrep -P "$NGINX_PID") "$NGINX_PID"; do total=$((total + $(kib "$pid" VmHWM))); done
      echo "$total"
      ;;
  esac
}

run_wrk() {
  wrk --latency -t "$THREADS" -c "$CONNECTIONS" -d "${2}s" "$1" | parse_wrk
}

echo "machine: $(nproc) CPUs, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo); $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wrk: $THREADS threads, $CONNECTIONS connections, $ROUNDS alternating rounds of ${SECONDS_PER_RUN}s per server and page"
echo "page sizes: $(for p in "${PAGES[@]}"; do printf '%s %s B  ' "$p" "$(stat -c %s "$WORK/www/$p.html")"; done)"
echo
printf '%-17s %-8s %10s %9s %9s %12s %7s\n' page server 'req/s' 'p50 ms' 'p99 ms' 'peak RSS MiB' errors
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
for page in "${PAGES[@]}"; do
  declare -A rps=() p50=() p99=() errors=()
  for server in "${SERVERS[@]}"; do run_wrk "$(url_for "$server" "$page")" 2 >/dev/null; done
  for round in $(seq "$ROUNDS"); do
    for server in "${SERVERS[@]}"; do
      read -r r a b _ e < <(run_wrk "$(url_for "$server" "$page")" "$SECONDS_PER_RUN")
      rps[$server]="${rps[$server]:-} $r"
      p50[$server]="${p50[$server]:-} $a"
      p99[$server]="${p99[$server]:-} $b"
      errors[$server]=$(( ${errors[$server]:-0} + e ))
    done
  done
  declare -A mean_rps=() mean_p50=() worst_p99=()
  for server in "${SERVERS[@]}"; do
    mean_rps[$server]=$(echo "${rps[$server]}" | awk '{ for (i = 1; i <= NF; i++) s += $i; printf "%.0f", s / NF }')
    mean_p50[$server]=$(echo "${p50[$server]}" | awk '{ for (i = 1; i <= NF; i++) s += $i; printf "%.3f", s / NF }')
    worst_p99[$server]=$(echo "${p99[$server]}" | awk '{ m = $1; for (i = 2; i <= NF; i++) if ($i > m) m = $i; printf "%.3f", m }')
    printf '%-17s %-8s %10s %9s %9s %12s %7s\n' "$page" "$server" "${mean_rps[$server]}" \
      "${mean_p50[$server]}" "${worst_p99[$server]}" "$(mib "$(peak_rss "$server")")" "${errors[$server]}"
  done
  for pair in ours:nginx ours:ceiling ceiling:nginx; do
    a=${pair%:*} b=${pair#*:}
    printf '%-17s %-8s %10s %9s %9s %12s\n' "$page" "${a:0:4}/${b:0:4}" \
      "$(ratio "${mean_rps[$a]}" "${mean_rps[$b]}")" "$(ratio "${mean_p50[$a]}" "${mean_p50[$b]}")" \
      "$(ratio "${worst_p99[$a]}" "${worst_p99[$b]}")" "$(ratio "$(peak_rss "$a")" "$(peak_rss "$b")")"
  done
  unset rps p50 p99 errors mean_rps mean_p50 worst_p99
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "req/s and p50: mean of the rounds; p99: worst round; peak RSS: VmHWM so far (nginx: master + workers)."
echo "ours/ngin, ours/ceil, ceil/ngin: ratios of those columns (req/s above 1 is faster; p50, p99, RSS below 1 is better)."
