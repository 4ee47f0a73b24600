#!/usr/bin/env bash
# Writes the files the local cluster is created from: KWOK's configuration (pod logs), the
# log lines every simulated container prints, and the static tokens of the test users.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/versions.sh"
mkdir -p "$CLUSTER_HOME"

# Simulated containers print an nginx-style access log; 300 lines so "the last 100 lines"
# is a real cut. KWOK reads the file in the CRI log format the kubelet uses:
# "<RFC 3339 time> <stream> <F = full line> <text>".
{
  for i in $(seq 1 300); do
    printf '2026-11-25T10:%02d:%02d.000000000Z stdout F 10.244.0.%d - - [25/Nov/2026:10:%02d:%02d +0000] "GET /item/%d HTTP/1.1" %d 612 "-" "curl/8.5.0"\n' \
      $((i / 60 % 60)) $((i % 60)) $((i % 250 + 1)) $((i / 60 % 60)) $((i % 60)) "$i" $([[ $((i % 25)) == 0 ]] && echo 500 || echo 200)
  done
} >"$CLUSTER_HOME/pod.log"

cat >"$CLUSTER_HOME/kwok.yaml" <<YAML
kind: ClusterLogs
apiVersion: kwok.x-k8s.io/v1alpha1
metadata:
  name: all-pods
spec:
  logs:
  - logsFile: $CLUSTER_HOME/pod.log
    follow: false
YAML

# Static bearer tokens (kube-apiserver --token-auth-file: token,user,uid,"groups").
# Regenerated with every new cluster so they never outlive it.
token() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
{
  echo "$(token),alice,uid-alice,\"team-a\""
  echo "$(token),bob,uid-bob,\"team-b\""
  echo "$(token),mcp-server,uid-mcp-server,\"mcp-servers\""
} >"$CLUSTER_HOME/tokens.csv"
chmod 600 "$CLUSTER_HOME/tokens.csv"
