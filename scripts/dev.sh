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

DEMO_DIR="${DEMO_DIR:-$CLUSTER_HOME/demo}"
mkdir -p "$DEMO_DIR" && chmod 700 "$DEMO_DIR"

if [[ -z "${JWT_SECRET:-}" ]] && ! env_file_sets JWT_SECRET; then
  # A signing key for local use, kept so that tokens survive restarts of the dev server.
  [[ -s "$DEMO_DIR/jwt-secret" ]] || (umask 077 && head -c 48 /dev/urandom | base64 | tr -d '\n' >"$DEMO_DIR/jwt-secret")
  JWT_SECRET="$(cat "$DEMO_DIR/jwt-secret")"
  export JWT_SECRET
fi

auth_enabled="${AUTH_ENABLED:-$(grep -Eo '^[[:space:]]*AUTH_ENABLED=[^[:space:]#]+' .env 2>/dev/null | cut -d= -f2 || true)}"
if [[ "${auth_enabled:-true}" != "false" && -z "${AUTH_USERS_FILE:-}" ]] && ! env_file_sets AUTH_USERS_FILE; then
  # The local demo's only account: an admin with a generated password, shown once.
  export AUTH_USERS_FILE="$DEMO_DIR/users.yaml"
  if [[ ! -s "$AUTH_USERS_FILE" ]]; then
    password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=\n')"
    hash="$(printf '%s' "$password" | npm run -s auth:hash-password)"
    (umask 077 && printf 'users:\n  - name: admin\n    passwordHash: "%s"\n    roles: [admin]\n    namespaces: ["*"]\n' "$hash" >"$AUTH_USERS_FILE")
    echo "[dev] created the demo account (shown only now): username admin, password $password" >&2
    echo "[dev]   curl -s -X POST http://localhost:${PORT:-3000}/auth/login -H 'Content-Type: application/json' -d '{\"username\":\"admin\",\"password\":\"$password\"}'" >&2
  else
    echo "[dev] demo account: admin (its password was shown when $AUTH_USERS_FILE was created; delete that file for a new one)" >&2
  fi
fi

export NODE_ENV="${NODE_ENV:-development}"
if [[ "${1:-}" == "--watch" ]]; then
  exec nest start --watch
fi
nest build
exec node dist/apps/server/src/main.js
