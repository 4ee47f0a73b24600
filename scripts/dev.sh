#!/usr/bin/env bash
# Runs the server for local development (`npm run dev`, or `npm run watch` to rebuild on
# change). With no KUBECONFIG in the environment or .env, it starts the local simulated
# cluster (building it on first use) and points the server at it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/control-plane/versions.sh

env_file_sets() { [[ -f .env ]] && grep -Eq "^[[:space:]]*$1=[^[:space:]]" .env; }

if [[ -z "${KUBECONFIG:-}" && "${K8S_IN_CLUSTER:-false}" != "true" ]] && ! env_file_sets KUBECONFIG && ! env_file_sets K8S_IN_CLUSTER; then
  echo "[dev] no KUBECONFIG given: using the local simulated cluster" >&2
  bash scripts/control-plane/up.sh
  export KUBECONFIG="$CLUSTER_KUBECONFIG"
fi

if [[ -z "${JWT_SECRET:-}" ]] && ! env_file_sets JWT_SECRET; then
  # A throwaway signing key for this run; tokens die with the process.
  JWT_SECRET="$(head -c 48 /dev/urandom | base64 | tr -d '\n')"
  export JWT_SECRET
fi

export NODE_ENV="${NODE_ENV:-development}"
if [[ "${1:-}" == "--watch" ]]; then
  exec nest start --watch
fi
nest build
exec node dist/apps/server/src/main.js
