#!/usr/bin/env bash
# Stops the test Redis server started by up.sh.
PORT="${REDIS_TEST_PORT:-6390}"
redis-cli -p "$PORT" shutdown nosave >/dev/null 2>&1 || true
