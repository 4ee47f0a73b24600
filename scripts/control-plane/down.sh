#!/usr/bin/env bash
# Stops the local control plane and removes its state. The cached binaries stay.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/versions.sh"
export KWOK_WORKDIR="$CLUSTER_HOME/kwok"
if [[ -x "$KWOK_BIN_DIR/kwokctl" ]]; then
  "$KWOK_BIN_DIR/kwokctl" delete cluster --name "$CLUSTER_NAME" || true
fi
rm -f "$CLUSTER_KUBECONFIG"
if [[ -s "$CLUSTER_HOME/log-writer.pid" ]]; then
  kill "$(cat "$CLUSTER_HOME/log-writer.pid")" 2>/dev/null || true
  rm -f "$CLUSTER_HOME/log-writer.pid"
fi
printf '[control-plane] cluster %s stopped\n' "$CLUSTER_NAME" >&2
