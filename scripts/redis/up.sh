#!/usr/bin/env bash
# Starts a throwaway Redis server for tests on REDIS_TEST_PORT (default 6390) unless one
# already answers there, and prints its URL. Installs Debian's redis-server when it is
# missing and this runs as root.
set -euo pipefail
PORT="${REDIS_TEST_PORT:-6390}"
DIR="${XDG_STATE_HOME:-$HOME/.local/state}/mcp-kubernetes/redis"
if ! command -v redis-server >/dev/null; then
  # Standard output carries only the URL, so the installer writes to standard error.
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    echo "redis-server is missing; installing Debian's redis-server for the tests" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >&2
  else
    echo "redis-server is not installed; run: sudo apt-get install redis-server" >&2
    exit 1
  fi
fi
if ! redis-cli -p "$PORT" ping >/dev/null 2>&1; then
  mkdir -p "$DIR"
  redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --dir "$DIR" --pidfile "$DIR/redis.pid" --logfile "$DIR/redis.log"
  for _ in $(seq 1 50); do redis-cli -p "$PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi
echo "redis://127.0.0.1:$PORT"
