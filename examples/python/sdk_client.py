"""Signs in, then lists tools and the pods of a namespace with the official MCP Python SDK.

    MCP_USERNAME=admin MCP_PASSWORD=... python sdk_client.py [namespace]

MCP_SERVER_URL (default http://localhost:3000/mcp) is the MCP endpoint; MCP_AUTH_TOKEN skips
the sign-in and uses that token.
"""

import asyncio
import os
import sys
from urllib.parse import urljoin

import httpx2  # the HTTP client the mcp package is built on
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

SERVER_URL = os.environ.get("MCP_SERVER_URL", "http://localhost:3000/mcp")


async def login(http: httpx2.AsyncClient, username: str, password: str) -> str:
    """POST /auth/login next to the MCP endpoint and return the access token."""
    response = await http.post(
        urljoin(SERVER_URL, "auth/login"), json={"username": username, "password": password}
    )
    if response.status_code != 200:
        raise SystemExit(f"Login failed (HTTP {response.status_code}): {response.json().get('message')}")
    return response.json()["access_token"]


async def main(namespace: str) -> None:
    # Read timeout above the server's longest tool call; SSE streams may stay open a while.
    async with httpx2.AsyncClient(timeout=httpx2.Timeout(30, read=300)) as http:
        token = os.environ.get("MCP_AUTH_TOKEN") or await login(
            http, os.environ.get("MCP_USERNAME", "admin"), os.environ.get("MCP_PASSWORD", "")
        )
        http.headers["Authorization"] = f"Bearer {token}"
        async with Client(streamable_http_client(SERVER_URL, http_client=http)) as client:
            tools = await client.list_tools()
            print("Tools:", ", ".join(tool.name for tool in tools.tools))
            result = await client.call_tool("kubectl_get", {"resource": "pods", "namespace": namespace})
            text = "\n".join(part.text for part in result.content if part.type == "text")
            if result.is_error:
                raise SystemExit(text)
            print(text)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else "default"))
