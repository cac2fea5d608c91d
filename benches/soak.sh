#!/usr/bin/env bash
# Soak: mixed load on the release binary for 10 minutes (SOAK_SECONDS), in one-minute
# slices so RSS can be read between them. Fails unless errors are zero and RSS at the
# end is within 10% of RSS after the first slice (allocator warm-up).
#
#   benches/soak.sh                         # 600 s, 16 connections, 2 threads
#   SOAK_SECONDS=120 benches/soak.sh        # a short one
#   nice -n 19 benches/soak.sh              # on a shared machine
#
# Needs: wrk, curl. Not part of CI: it takes ten minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
source benches/lib.sh

SOAK_SECONDS=${SOAK_SECONDS:-600}
SLICE_SECONDS=${SLICE_SECONDS:-60}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
OURS_ADDR=${OURS_ADDR:-127.0.0.1:39090}

start_ours_for_load "$OURS_ADDR"

# wrk rotates through the mix: seed, unknown, AADSTS, hostile, 2 KiB, JSON, form post.
cat >"$WORK/mix.lua" <<EOF
local path = "$PAGE_PATH"
local mix = {}
local n = 0
function init(args)
  local html = { Accept = "text/html" }
  local json = { Accept = "application/json" }
  local form = { ["Content-Type"] = "application/x-www-form-urlencoded" }
  mix = {
    wrk.format("GET", path .. "?$SEED_QUERY", html),
    wrk.format("GET", path .. "?$UNKNOWN_QUERY", html),
    wrk.format("GET", path .. "?$AADSTS_QUERY", html),
    wrk.format("GET", path .. "?$HOSTILE_QUERY", html),
    wrk.format("GET", path .. "?$(long_description_query)", html),
    wrk.format("GET", path .. "?$SEED_QUERY", json),
    wrk.format("GET", path .. "?$HOSTILE_QUERY", json),
    wrk.format("POST", path, form, "$SEED_QUERY"),
  }
end
function request()
  n = n + 1
  return mix[(n % #mix) + 1]
end
EOF

rss_start=$(kib "$OURS_PID" VmRSS)
echo "soak: ${SOAK_SECONDS}s of mixed load, $CONNECTIONS connections, $THREADS threads; $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "RSS before load: $(mib "$rss_start") MiB"
total=0 errors=0 elapsed=0 rss_warm=''
while [ "$elapsed" -lt "$SOAK_SECONDS" ]; do
  slice=$(( SOAK_SECONDS - elapsed < SLICE_SECONDS ? SOAK_SECONDS - elapsed : SLICE_SECONDS ))
  read -r rps _ p99 requests slice_errors < <(
    wrk --latency -t "$THREADS" -c "$CONNECTIONS" -d "${slice}s" -s "$WORK/mix.lua" "http://$OURS_ADDR" | parse_wrk)
  elapsed=$((elapsed + slice))
  total=$((total + requests))
  errors=$((errors + slice_errors))
  rss=$(kib "$OURS_PID" VmRSS)
  rss_warm=${rss_warm:-$rss}
  printf '%5ss  %8s req  %9s req/s  p99 %7s ms  errors %s  RSS %s MiB\n' \
    "$elapsed" "$requests" "$rps" "$p99" "$slice_errors" "$(mib "$rss")"
done
kill -0 "$OURS_PID" || { echo "the server died" >&2; exit 1; }
rss_end=$(kib "$OURS_PID" VmRSS)
echo "total: $total requests, $errors errors (non-2xx/3xx and socket errors)"
echo "RSS: $(mib "$rss_start") MiB before load, $(mib "$rss_warm") MiB after the first slice, $(mib "$rss_end") MiB at the end; peak $(mib "$(kib "$OURS_PID" VmHWM)") MiB"
grew=$(awk -v a="$rss_warm" -v b="$rss_end" 'BEGIN { print (b > a * 1.10) ? 1 : 0 }')
if [ "$errors" -ne 0 ] || [ "$grew" -ne 0 ]; then
  echo "soak FAILED" >&2
  exit 1
fi
echo "soak passed: zero errors, RSS did not grow"
