#!/usr/bin/env bash
# Signs in and calls tools with curl and jq only: one JSON-RPC POST per call.
#   MCP_USERNAME=admin MCP_PASSWORD=... bash client.sh [namespace]
# MCP_SERVER_URL (default http://localhost:3000/mcp) is the MCP endpoint; MCP_AUTH_TOKEN skips
# the sign-in and uses that token.
set -euo pipefail

server="${MCP_SERVER_URL:-http://localhost:3000/mcp}"
namespace="${1:-default}"

if [[ -n "${MCP_AUTH_TOKEN:-}" ]]; then
  token="$MCP_AUTH_TOKEN"
else
  # The body, then the HTTP status on a line of its own.
  answer=$(curl -sS -w '\n%{http_code}' -X POST "${server%/mcp}/auth/login" \
    -H 'Content-Type: application/json' \
    -d "$(jq -n --arg u "${MCP_USERNAME:-admin}" --arg p "${MCP_PASSWORD:-}" '{username: $u, password: $p}')")
  status="${answer##*$'\n'}" body="${answer%$'\n'*}"
  if [[ "$status" != 200 ]]; then
    echo "Login failed (HTTP $status): $(jq -r '.message' <<<"$body" 2>/dev/null || echo "$body")" >&2
    exit 1
  fi
  token=$(jq -r '.access_token' <<<"$body")
fi

# rpc METHOD PARAMS_JSON: prints the result, or the error message on stderr and fails.
rpc() {
  local answer
  answer=$(curl -sS -X POST "$server" \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "$(jq -n --arg m "$1" --argjson p "$2" '{jsonrpc: "2.0", id: 1, method: $m, params: $p}')")
  if ! jq -e '.result' <<<"$answer" >/dev/null; then
    echo "$1 failed: $(jq -r '.error.message // .message' <<<"$answer")" >&2
    return 1
  fi
  jq '.result' <<<"$answer"
}

tools=$(rpc tools/list '{}')
echo "Tools: $(jq -r '[.tools[].name] | join(", ")' <<<"$tools")"
pods=$(rpc tools/call "$(jq -n --arg ns "$namespace" '{name: "kubectl_get", arguments: {resource: "pods", namespace: $ns}}')")
jq -r '.content[] | select(.type == "text") | .text' <<<"$pods"
if jq -e '.isError == true' <<<"$pods" >/dev/null; then exit 1; fi
