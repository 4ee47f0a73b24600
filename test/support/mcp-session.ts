/** A protocol version served by Streamable HTTP sessions (initialize + Mcp-Session-Id). */
export const SESSION_PROTOCOL = '2025-06-18';

/**
 * Opens a Streamable HTTP session the way SDK clients do (initialize, then
 * notifications/initialized) and returns the headers for requests inside it.
 */
export async function openStreamableSession(
  url: string,
  token?: string,
): Promise<{ sessionId: string; headers: Record<string, string> }> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': SESSION_PROTOCOL,
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  };
  const init = await fetch(`${url}/mcp`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: SESSION_PROTOCOL,
        capabilities: {},
        clientInfo: { name: 'e2e-session', version: '1.0.0' },
      },
    }),
  });
  const body = await init.text();
  const sessionId = init.headers.get('mcp-session-id');
  if (init.status !== 200 || !sessionId)
    throw new Error(`initialize: HTTP ${init.status} without a session id: ${body}`);
  const inSession = { ...headers, 'mcp-session-id': sessionId };
  await fetch(`${url}/mcp`, {
    method: 'POST',
    headers: inSession,
    body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
  }).then((response) => response.text());
  return { sessionId, headers: inSession };
}
