#!/usr/bin/env bash
# System tools the e2e tests run besides Node.js (npm ci brings it), Go (builds the local
# control plane) and Redis (scripts/redis/up.sh): curl and jq for the shell examples, Python
# with venv for the Python examples. On a fresh Debian machine, as root, installs what is
# missing in one apt-get call; otherwise prints the command to run. Called by the e2e global
# setup, so `npm ci && npm test` works on a fresh machine.
set -euo pipefail

missing=()
command -v curl >/dev/null || missing+=(curl)
command -v jq >/dev/null || missing+=(jq)
# Debian's python3 creates virtual environments only with python3-venv (ensurepip).
python3 -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv)

((${#missing[@]})) || exit 0
if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
  echo "[test-prerequisites] installing Debian packages: ${missing[*]}" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
else
  echo "[test-prerequisites] missing: ${missing[*]}; run: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
