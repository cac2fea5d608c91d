#!/usr/bin/env bash
# Does a status page that accepts connections and never answers slow the error page?
# Starts the release binary twice on loopback, one without status polling and one
# polling a listener that accepts and never answers, drives both with wrk in
# alternating short runs, and prints p50/p99/throughput for each and their ratio.
# Bounded: ROUNDS x 2 x DURATION seconds of load plus start-up. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS="${ROUNDS:-3}"
DURATION="${DURATION:-5}"
CONNECTIONS="${CONNECTIONS:-16}"
QUERY='error=failed_to_exchange_token&error_description=error+%3D+server_error%2C+description+%3D+Error+executing+post+auth+hooks'

for tool in wrk python3 awk; do
  command -v "$tool" >/dev/null || { echo "status-fault: '$tool' is missing (apt-get install -y wrk python3)" >&2; exit 1; }
done
BIN=target/release/connect-error-page
[ -x "$BIN" ] || cargo build --release --locked

WORK="$(mktemp -d)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# A loopback listener that accepts every connection and never reads or answers.
python3 -u - >"$WORK/hang.port" <<'PY' &
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(1024)
print(s.getsockname()[1])
held = []
while True:
    conn, _ = s.accept()
    held.append(conn)
PY
PIDS+=($!)

wait_for_line() { # file pattern
  for _ in $(seq 100); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "status-fault: timed out waiting for '$2' in $1" >&2; cat "$1" >&2; exit 1
}
wait_for_line "$WORK/hang.port" '[0-9]'
HANG_PORT="$(head -1 "$WORK/hang.port")"

start() { # name, then extra env assignments; runs in this shell so cleanup sees the pid
  local name="$1"; shift
  env -i PATH="$PATH" RUST_LOG="warn,connect_error_page::cli=info" "$@" \
    "$BIN" --listen 127.0.0.1:0 >"$WORK/$name.log" 2>&1 &
  PIDS+=($!)
  wait_for_line "$WORK/$name.log" 'listening on http://'
}
url_of() { sed -n 's|.*listening on \(http://[0-9.:]*\).*|\1|p' "$WORK/$1.log" | head -1; }
start baseline
start hanging CEP_STATUS_PAGE__API_URL="http://127.0.0.1:$HANG_PORT" CEP_STATUS_PAGE__POLL_INTERVAL_SECS=1
BASE_URL="$(url_of baseline)"
HANG_URL="$(url_of hanging)"
PATH_QUERY="/ui-handlers/connect/callback/error?$QUERY"

# wrk's latency figures in milliseconds, and requests/second: "p50 p99 rps".
measure() {
  timeout $((DURATION + 10)) wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$1$PATH_QUERY" |
    awk 'function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
         $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) } $1 == "Requests/sec:" { rps = $2 }
         $1 == "Non-2xx" || $1 == "Socket" { print "status-fault: wrk reported errors: " $0 > "/dev/stderr" }
         END { printf "%.3f %.3f %.0f\n", p50, p99, rps }'
}

: >"$WORK/baseline.txt"; : >"$WORK/hanging.txt"
for round in $(seq "$ROUNDS"); do
  measure "$BASE_URL" >>"$WORK/baseline.txt"
  measure "$HANG_URL" >>"$WORK/hanging.txt"
  echo "round $round/$ROUNDS done" >&2
done
grep -q "is failing" "$WORK/hanging.log" || { echo "status-fault: the poller never reported the hanging upstream" >&2; exit 1; }

mean() { awk -v c="$2" '{ s += $c } END { printf "%.3f", s / NR }' "$1"; }
B50=$(mean "$WORK/baseline.txt" 1); B99=$(mean "$WORK/baseline.txt" 2); BRPS=$(mean "$WORK/baseline.txt" 3)
H50=$(mean "$WORK/hanging.txt" 1); H99=$(mean "$WORK/hanging.txt" 2); HRPS=$(mean "$WORK/hanging.txt" 3)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

echo "wrk -t1 -c$CONNECTIONS, $ROUNDS alternating ${DURATION}s runs each, means"
printf '| %-36s | %9s | %9s | %10s |\n' "status upstream" "p50 ms" "p99 ms" "req/s"
printf '|%s|%s|%s|%s|\n' "--------------------------------------" "-----------" "-----------" "------------"
printf '| %-36s | %9s | %9s | %10.0f |\n' "none (no api_url)" "$B50" "$B99" "$BRPS"
printf '| %-36s | %9s | %9s | %10.0f |\n' "accepts and never answers" "$H50" "$H99" "$HRPS"
printf '| %-36s | %9s | %9s | %10s |\n' "ratio (never answers / none)" "$(ratio "$H50" "$B50")" "$(ratio "$H99" "$B99")" "$(ratio "$HRPS" "$BRPS")"
