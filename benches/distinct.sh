#!/usr/bin/env bash
# A million distinct queries (DISTINCT_REQUESTS): every request a new description, so
# nothing the page cache keeps is ever asked for again. Fails unless errors are zero and
# peak RSS stays within the bound (RSS_BOUND_MIB, 15 by default): the cache's size must
# not follow the input. Prints RSS after each 10-second slice.
#
#   benches/distinct.sh                           # 1,000,000 requests, 16 connections
#   DISTINCT_REQUESTS=200000 benches/distinct.sh
#
# Needs: wrk, curl. Not part of CI: it takes minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
source benches/lib.sh

DISTINCT_REQUESTS=${DISTINCT_REQUESTS:-1000000}
RSS_BOUND_MIB=${RSS_BOUND_MIB:-15}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
OURS_ADDR=${OURS_ADDR:-127.0.0.1:39091}

start_ours_for_load "$OURS_ADDR"

# Each wrk thread numbers its requests from its own offset, each slice from a new one.
cat >"$WORK/distinct.lua" <<EOF
local n = 0
local threads = 0
function setup(thread)
  thread:set("offset", threads * 1000000000 + tonumber(os.getenv("RUN_OFFSET")))
  threads = threads + 1
end
function request()
  n = n + 1
  return wrk.format("GET", "$PAGE_PATH?error=access_denied&error_description=distinct+" ..
    (offset + n) .. "+%3Cx%3E+padding+padding+padding+padding+padding+padding+padding+padding&connection_name=c" .. (offset + n))
end
EOF

echo "distinct: $DISTINCT_REQUESTS requests, each query new, $CONNECTIONS connections; $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "RSS before load: $(mib "$(kib "$OURS_PID" VmRSS)") MiB"
total=0 errors=0
# 10-second slices until the total is reached.
run=0
while [ "$total" -lt "$DISTINCT_REQUESTS" ]; do
  run=$((run + 1))
  read -r rps _ p99 requests run_errors < <(
    RUN_OFFSET=$((run * 100000000)) wrk --latency -t "$THREADS" -c "$CONNECTIONS" -d 10s \
      -s "$WORK/distinct.lua" "http://$OURS_ADDR" | parse_wrk)
  total=$((total + requests))
  errors=$((errors + run_errors))
  printf '%8s requests  %9s req/s  p99 %7s ms  errors %s  RSS %s MiB  peak %s MiB\n' \
    "$total" "$rps" "$p99" "$run_errors" "$(mib "$(kib "$OURS_PID" VmRSS)")" "$(mib "$(kib "$OURS_PID" VmHWM)")"
done
kill -0 "$OURS_PID" || { echo "the server died" >&2; exit 1; }
peak=$(kib "$OURS_PID" VmHWM)
echo "total: $total requests, $errors errors; peak RSS $(mib "$peak") MiB (bound $RSS_BOUND_MIB MiB)"
if [ "$errors" -ne 0 ] || [ "$peak" -gt $((RSS_BOUND_MIB * 1024)) ]; then
  echo "distinct FAILED" >&2
  exit 1
fi
echo "distinct passed: zero errors, peak RSS within the bound"
