#!/usr/bin/env bash
# Keeps the simulated containers' log (pod.log, read by KWOK for every pod) growing by one
# access-log line per second, so `kubectl logs -f` and kubectl_logs with follow=true see new
# lines arrive. Started in the background by up.sh, stopped by down.sh (pid in
# log-writer.pid); it also ends by itself once the cluster's kubeconfig is gone.
# Bounded: after a day (86,400 new lines, about 9 MB) the file is cut back to its most recent
# 300 lines; a follower then reopens it and sees those 300 lines again, once a day.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/versions.sh"
LOG_FILE="$CLUSTER_HOME/pod.log"
export TZ=UTC

n=300
written=0
while [[ -f "$CLUSTER_KUBECONFIG" ]]; do
  sleep 1
  n=$((n + 1))
  written=$((written + 1))
  printf -v stamp '%(%Y-%m-%dT%H:%M:%S)T' -1
  printf -v clock '%(%d/%b/%Y:%H:%M:%S)T' -1
  # CRI log format, like the lines write-cluster-files.sh writes: "<time> stdout F <text>".
  printf '%s.000000000Z stdout F 10.244.1.%d - - [%s +0000] "GET /item/%d HTTP/1.1" 200 612 "-" "curl/8.5.0"\n' \
    "$stamp" $((n % 250 + 1)) "$clock" "$n" >>"$LOG_FILE"
  if ((written >= 86400)); then
    # A rename, which followers notice and reopen; readers never see a half-written file.
    tail -n 300 "$LOG_FILE" >"$LOG_FILE.tmp" && mv -f "$LOG_FILE.tmp" "$LOG_FILE"
    written=0
  fi
done
