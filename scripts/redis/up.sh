#!/usr/bin/env bash
# Starts a throwaway Redis server for tests on REDIS_TEST_PORT (default 6390) unless one
# already answers there, and prints its URL. Needs Debian's redis-server.
set -euo pipefail
PORT="${REDIS_TEST_PORT:-6390}"
DIR="${XDG_STATE_HOME:-$HOME/.local/state}/mcp-kubernetes/redis"
if ! command -v redis-server >/dev/null; then
  echo "redis-server is not installed (Debian: apt-get install redis-server)" >&2
  exit 1
fi
if ! redis-cli -p "$PORT" ping >/dev/null 2>&1; then
  mkdir -p "$DIR"
  redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --dir "$DIR" --pidfile "$DIR/redis.pid" --logfile "$DIR/redis.log"
  for _ in $(seq 1 50); do redis-cli -p "$PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi
echo "redis://127.0.0.1:$PORT"
