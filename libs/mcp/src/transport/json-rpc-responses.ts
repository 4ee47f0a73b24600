import { textHead } from '../text/text-head.js';

/** HTTP responses carrying a JSON-RPC error, for failures before any MCP server sees the message. */
export function jsonRpcErrorResponse(
  status: number,
  code: number,
  message: string,
  id: string | number | null = null,
  headers: Record<string, string> = {},
): Response {
  return Response.json(
    { jsonrpc: '2.0', id, error: { code, message } },
    { status, headers: { 'content-type': 'application/json', ...headers } },
  );
}

export const JSON_RPC = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  /** Transport-level errors (session, headers) the SDK also reports with this code. */
  serverError: -32000,
  sessionNotFound: -32001,
} as const;

type Checked =
  { ok: true; messages: Record<string, unknown>[] } | { ok: false; response: Response };

/**
 * Parses a POST body into JSON-RPC messages, answering -32700 for bad JSON and -32600 for
 * JSON that is not JSON-RPC 2.0, with a message that names what is wrong.
 */
export function parseJsonRpcBody(text: string): Checked & { parsed?: unknown } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      response: jsonRpcErrorResponse(
        400,
        JSON_RPC.parseError,
        `Parse error: the request body is not valid JSON (${(error as Error).message}).`,
      ),
    };
  }
  const batch = Array.isArray(parsed) ? parsed : [parsed];
  if (batch.length === 0) {
    return invalid('Invalid Request: an empty batch contains no JSON-RPC message.');
  }
  for (const message of batch) {
    const problem = jsonRpcProblem(message);
    if (problem) {
      const id = isObject(message) && isId(message['id']) ? message['id'] : null;
      return invalid(`Invalid Request: ${problem}`, id);
    }
  }
  for (const message of batch as Record<string, unknown>[]) {
    const check = PARAMS_CHECKS.get(message['method'] as string);
    const problem = check?.(message['params']);
    if (problem) {
      const id = isId(message['id']) ? message['id'] : null;
      return {
        ok: false,
        response: jsonRpcErrorResponse(
          400,
          JSON_RPC.invalidParams,
          `Invalid params for ${message['method'] as string}: ${problem}`,
          id,
        ),
      };
    }
  }
  return { ok: true, messages: batch as Record<string, unknown>[], parsed };
}

const LOG_LEVELS = [
  'debug',
  'info',
  'notice',
  'warning',
  'error',
  'critical',
  'alert',
  'emergency',
];

/**
 * Params the SDK reports badly: it does not recognise a malformed initialize as one ("Server
 * not initialized") and answers a bad log level with -32603 and a raw schema dump. Naming the
 * bad field tells the client author what to fix.
 */
const PARAMS_CHECKS = new Map<string, (params: unknown) => string | undefined>([
  ['initialize', initializeProblem],
  [
    'logging/setLevel',
    (params) =>
      isObject(params) && LOG_LEVELS.includes(params['level'] as string)
        ? undefined
        : `"params.level" must be one of ${LOG_LEVELS.join(', ')} (got ${shown(isObject(params) ? params['level'] : params)}).`,
  ],
]);

function initializeProblem(params: unknown): string | undefined {
  const example =
    'e.g. {"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"my-client","version":"1.0.0"}}';
  if (!isObject(params)) return `"params" must be an object, ${example}.`;
  if (typeof params['protocolVersion'] !== 'string') {
    return `"params.protocolVersion" must be a string such as "2025-06-18".`;
  }
  if (!isObject(params['capabilities']))
    return '"params.capabilities" must be an object ({} is fine).';
  const clientInfo = params['clientInfo'];
  if (
    !isObject(clientInfo) ||
    typeof clientInfo['name'] !== 'string' ||
    typeof clientInfo['version'] !== 'string'
  ) {
    return '"params.clientInfo" must be an object with string "name" and "version".';
  }
  return undefined;
}

// Enough of a wrong value to recognise it; a caller's megabytes are not echoed back.
const MAX_SHOWN = 80;

/** A wrong value as the caller wrote it (JSON), cut to MAX_SHOWN characters. */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > MAX_SHOWN
    ? `${textHead(text, MAX_SHOWN)}... (${text.length} characters)`
    : text;
}

function jsonRpcProblem(message: unknown): string | undefined {
  if (!isObject(message)) return 'each message must be a JSON object.';
  if (message['jsonrpc'] !== '2.0')
    return `"jsonrpc" must be "2.0" (got ${shown(message['jsonrpc'])}).`;
  const isResponse = 'result' in message || 'error' in message;
  if (!isResponse && typeof message['method'] !== 'string') {
    return '"method" must be a string such as "tools/list".';
  }
  if ('id' in message && !isId(message['id']) && !(isResponse && message['id'] === null)) {
    return '"id" must be a string or a number.';
  }
  if ('params' in message && !isObject(message['params']) && !Array.isArray(message['params'])) {
    return '"params" must be an object.';
  }
  return undefined;
}

function invalid(message: string, id: string | number | null = null): Checked {
  return { ok: false, response: jsonRpcErrorResponse(400, JSON_RPC.invalidRequest, message, id) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is string | number {
  return typeof value === 'string' || typeof value === 'number';
}
