# Shared by load.sh and soak.sh: start the release binary, read /proc, parse wrk.
# Sourced, not run.

PAGE_PATH=/ui-handlers/connect/callback/error
SEED_QUERY='error=failed_to_exchange_token&error_description=error+%3D+server_error%2C+description+%3D+Error+executing+post+auth+hooks'
UNKNOWN_QUERY='error=flux_capacitor_jammed&error_description=Something+nobody+has+seen+before'
AADSTS_QUERY='error=invalid_client&error_description=AADSTS7000215%3A+Invalid+client+secret+provided.+Trace+ID%3A+0a1b2c3d-0000-4000-8000-000000000001'
HOSTILE_QUERY='error=%3Cscript%3Ealert(1)%3C%2Fscript%3E&error_description=%E2%80%AE%22+onmouseover%3Dx+%00%0D%0ASet-Cookie%3A+a%3D1%C0%BC&return_to=%2F%2Fevil.example&connection_name=..%2F..'

need() {
  command -v "$1" >/dev/null 2>&1 || { echo "$0: '$1' is required (apt-get install -y $2)" >&2; exit 1; }
}

# A query whose error_description is about 2 KiB of nested wrappers and markup.
long_description_query() {
  local description='' depth=0
  while [ ${#description} -lt 1800 ]; do
    description+="error+%3D+layer_${depth}%2C+description+%3D+"
    depth=$((depth + 1))
  done
  while [ ${#description} -lt 2048 ]; do description+='%3Cx%3E%26%27%22+'; done
  printf 'error=failed_to_exchange_token&error_description=%s' "$description"
}

build_release() {
  cargo build --release --locked --quiet
  BIN="$PWD/target/release/connect-error-page"
}

# Fails if anything already listens on $1 (host:port): we must measure our own process.
require_free() {
  if curl -s -o /dev/null --max-time 1 "http://$1/"; then
    echo "$0: something already listens on $1; pick another address (see the variables at the top)" >&2
    exit 1
  fi
}

# Starts our binary on $1 (host:port) with its default settings; sets OURS_PID.
start_ours() {
  require_free "$1"
  "$BIN" --listen "$1" 2>"$WORK/ours.log" &
  OURS_PID=$!
  wait_for_http "http://$1/healthz"
  kill -0 "$OURS_PID" 2>/dev/null || { echo "$0: our server exited; see its log" >&2; exit 1; }
}

wait_for_http() {
  for _ in $(seq 100); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "$0: nothing answered at $1" >&2
  exit 1
}

# A /proc/PID/status field in KiB, e.g. `kib 1234 VmHWM`.
kib() {
  awk -v key="$2:" '$1 == key { print $2 }' "/proc/$1/status"
}

mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# Requests/sec, p50 ms, p99 ms, requests, errors from `wrk --latency` output on stdin.
parse_wrk() {
  awk '
    function ms(v) {
      if (v ~ /us$/) return v / 1000
      if (v ~ /ms$/) return v + 0
      if (v ~ /s$/) return v * 1000
      return v
    }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    /requests in/ { requests = $1 }
    /Non-2xx or 3xx responses:/ { errors += $NF }
    /Socket errors:/ {
      for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) errors += $i + 0
    }
    $1 == "Requests/sec:" { rps = $2 }
    END { printf "%s %.3f %.3f %s %d\n", rps, p50, p99, requests, errors }
  '
}

# For the scripts that load ours alone: builds the release binary, makes $WORK and starts
# ours on ADDR; ours is stopped and $WORK removed on exit.
start_ours_for_load() {
  need wrk wrk
  need curl curl
  build_release
  WORK=$(mktemp -d)
  trap stop_ours_and_clean EXIT
  start_ours "$1"
}

stop_ours_and_clean() {
  [ -n "${OURS_PID:-}" ] && kill "$OURS_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
