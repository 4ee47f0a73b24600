#!/usr/bin/env bash
# Renders k8s/deployment.yaml, the plain manifests for `kubectl apply -f k8s/deployment.yaml`,
# from the Helm chart with k8s/values.yaml. `--stdout` prints instead of writing the file.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/control-plane/versions.sh"

HELM="${HELM_BIN:-$HELM_BIN_DIR/helm}"
if [[ ! -x "$HELM" ]]; then
  if command -v helm >/dev/null; then
    HELM="$(command -v helm)"
  else
    echo "helm not found: install Helm 3 or build the pinned one with npm run cluster:build ($HELM)" >&2
    exit 1
  fi
fi

render() {
  echo "# Generated from the Helm chart in helm/ by \`npm run manifests\` with k8s/values.yaml."
  echo "# Do not edit by hand: change k8s/values.yaml or the chart and render again."
  "$HELM" template mcp-kubernetes-server "$ROOT/helm" --namespace default -f "$ROOT/k8s/values.yaml"
}

if [[ "${1:-}" == "--stdout" ]]; then
  render
else
  render >"$ROOT/k8s/deployment.yaml"
  echo "wrote k8s/deployment.yaml" >&2
fi
