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
printf '[control-plane] cluster %s stopped\n' "$CLUSTER_NAME" >&2
