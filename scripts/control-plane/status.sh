#!/usr/bin/env bash
# Shows whether the local control plane runs, and its nodes and versions.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/versions.sh"
KUBECTL=("$K8S_BIN_DIR/kubectl" --kubeconfig "$CLUSTER_KUBECONFIG")
if [[ ! -f "$CLUSTER_KUBECONFIG" ]] || ! "${KUBECTL[@]}" get --raw /readyz --request-timeout=5s >/dev/null 2>&1; then
  echo "cluster $CLUSTER_NAME is not running (start it with: npm run cluster:up)"
  exit 1
fi
echo "cluster $CLUSTER_NAME is running; KUBECONFIG=$CLUSTER_KUBECONFIG"
"${KUBECTL[@]}" version
"${KUBECTL[@]}" get nodes -o wide
