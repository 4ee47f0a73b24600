"""A plain JSON-RPC client with httpx: one POST per call to /mcp, no MCP library, no session.

    MCP_USERNAME=admin MCP_PASSWORD=... python jsonrpc_client.py [namespace]

MCP_SERVER_URL (default http://localhost:3000/mcp) is the MCP endpoint; MCP_AUTH_TOKEN skips
the sign-in and uses that token.
"""

import itertools
import os
import sys
from urllib.parse import urljoin

import httpx


class MCPKubernetesClient:
    def __init__(self, server_url: str, token: str) -> None:
        self.server_url = server_url
        self.http = httpx.Client(headers={"Authorization": f"Bearer {token}"}, timeout=120)
        self.ids = itertools.count(1)

    @classmethod
    def login(cls, server_url: str, username: str, password: str) -> "MCPKubernetesClient":
        response = httpx.post(
            urljoin(server_url, "auth/login"), json={"username": username, "password": password}
        )
        if response.status_code != 200:
            raise SystemExit(f"Login failed (HTTP {response.status_code}): {response.json().get('message')}")
        return cls(server_url, response.json()["access_token"])

    def request(self, method: str, params: dict | None = None) -> dict:
        message = {"jsonrpc": "2.0", "id": next(self.ids), "method": method, "params": params or {}}
        body = self.http.post(self.server_url, json=message).json()
        if "error" in body:
            raise SystemExit(f"{method} failed: {body['error']['message']}")
        if "result" not in body:  # an HTTP error such as 401 answers with a plain JSON body
            raise SystemExit(f"{method} failed: {body.get('message', body)}")
        return body["result"]

    def call_tool(self, name: str, arguments: dict) -> str:
        result = self.request("tools/call", {"name": name, "arguments": arguments})
        text = "\n".join(part["text"] for part in result["content"] if part["type"] == "text")
        if result.get("isError"):
            raise SystemExit(text)
        return text


def main(namespace: str) -> None:
    server_url = os.environ.get("MCP_SERVER_URL", "http://localhost:3000/mcp")
    token = os.environ.get("MCP_AUTH_TOKEN")
    client = (
        MCPKubernetesClient(server_url, token)
        if token
        else MCPKubernetesClient.login(
            server_url, os.environ.get("MCP_USERNAME", "admin"), os.environ.get("MCP_PASSWORD", "")
        )
    )
    tools = client.request("tools/list")["tools"]
    print("Tools:", ", ".join(tool["name"] for tool in tools))
    print(client.call_tool("kubectl_get", {"resource": "pods", "namespace": namespace}))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "default")
