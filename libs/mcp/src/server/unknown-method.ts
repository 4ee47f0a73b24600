import { ProtocolError, ProtocolErrorCode, type Server } from '@modelcontextprotocol/server';

/**
 * The SDK answers a method without a handler with a bare "Method not found". This names the
 * method and lists what the server does answer, so a client author sees the fix at once.
 */
export function explainUnknownMethods(server: Server): void {
  server.fallbackRequestHandler = (request) =>
    Promise.reject(
      new ProtocolError(
        ProtocolErrorCode.MethodNotFound,
        unknownMethodMessage(request.method, supportedMethods(server)),
      ),
    );
}

export function unknownMethodMessage(method: string, supported: readonly string[]): string {
  return (
    `Method not found: this server has no method "${method}". ` +
    `Supported methods: ${supported.join(', ')}. ` +
    'Tools are not methods: call them with tools/call and list them with tools/list.'
  );
}

/** Request methods with a handler on this server (the SDK's own, such as ping, included). */
export function supportedMethods(server: Server): string[] {
  // The SDK keeps its handlers in a private map and offers no public listing.
  const handlers = (server as unknown as { _requestHandlers?: Map<string, unknown> })
    ._requestHandlers;
  return [...(handlers?.keys() ?? [])].sort();
}
