import fc from 'fast-check';

/** One HTTP request the fuzz run sends: where to, with which body and content type. */
export interface FuzzRequest {
  target: 'mcp' | 'login' | 'sse-post';
  body: string;
  contentType: string;
  /** For sse-post: a real session id or a made-up one. */
  realSession?: boolean;
  sessionId?: string;
  authenticated: boolean;
}

const TOOLS = [
  'kubectl_get',
  'kubectl_describe',
  'kubectl_logs',
  'kubectl_events',
  'kubectl_api_resources',
  'kubectl_top',
  'kubectl_contexts',
  'kubectl_apply',
  'kubectl_delete',
  'kubectl_scale',
  'kubectl_rollout',
  'kubectl_exec',
  'server_ping',
  'no_such_tool',
];
const METHODS = [
  'initialize',
  'ping',
  'tools/list',
  'tools/call',
  'resources/list',
  'resources/templates/list',
  'resources/read',
  'resources/subscribe',
  'prompts/list',
  'prompts/get',
  'logging/setLevel',
  'completion/complete',
  'notifications/initialized',
];
const ARGUMENT_NAMES = [
  'resource',
  'name',
  'namespace',
  'allNamespaces',
  'labelSelector',
  'fieldSelector',
  'output',
  'limit',
  'continue',
  'pod',
  'container',
  'grep',
  'lines',
  'yaml',
  'context',
  'target',
  'uri',
  'message',
  '__proto__',
  'constructor',
];

/** A JSON text nested `depth` levels deep, in one of several shapes. */
const deepJson = fc
  .tuple(fc.integer({ min: 60, max: 20_000 }), fc.constantFrom('[', '{"a":'))
  .map(([depth, open]) => open.repeat(depth) + '1' + (open === '[' ? ']' : '}').repeat(depth));

const scalar = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('', ' ', '^(.+)+QQ$', '(a)\\1', '../..', 'k8s://_cluster/nodes/x', '\u0000'),
);

/** Values of the wrong type, size or shape for whatever parameter they land in. */
const confused = fc.oneof(
  { weight: 6, arbitrary: scalar },
  { weight: 2, arbitrary: fc.array(scalar, { maxLength: 5 }) },
  { weight: 2, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), scalar, { maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.string({ minLength: 300, maxLength: 5_000 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 64 }).map((n) => 'x'.repeat(n * 4096)) },
);

const toolArguments = fc.oneof(
  fc.dictionary(fc.constantFrom(...ARGUMENT_NAMES), confused, { maxKeys: 6 }),
  confused,
);

const params = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record(
      { name: fc.oneof(fc.constantFrom(...TOOLS), confused), arguments: toolArguments },
      { requiredKeys: [] },
    ),
  },
  {
    weight: 2,
    arbitrary: fc.record(
      {
        uri: fc.oneof(
          fc.constantFrom('k8s://default/pods/x', 'k8s://_cluster/nodes/kwok-node-0'),
          confused,
        ),
        name: confused,
        arguments: confused,
        level: confused,
        protocolVersion: confused,
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 4 }) },
);

const message = fc.record(
  {
    jsonrpc: fc.oneof({ weight: 5, arbitrary: fc.constant('2.0') }, confused),
    id: fc.oneof(fc.integer(), fc.string({ maxLength: 10 }), fc.constant(null), confused),
    method: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...METHODS) }, confused),
    params,
  },
  { requiredKeys: [] },
);

/** A body: a message, a batch, or text that is not quite JSON-RPC (or JSON) at all. */
const body = fc.oneof(
  { weight: 10, arbitrary: message.map((value) => JSON.stringify(value)) },
  { weight: 2, arbitrary: fc.array(message, { maxLength: 4 }).map((v) => JSON.stringify(v)) },
  { weight: 2, arbitrary: deepJson },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.json({ maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom('', 'null', '[]', '{}', '{"jsonrpc":"2.0"', '\uFEFF{}') },
);

const loginBody = fc.oneof(
  fc
    .record({ username: confused, password: confused }, { requiredKeys: [] })
    .map((value) => JSON.stringify(value)),
  deepJson.map((deep) => `{"username":${deep},"password":"x"}`),
  fc.json({ maxDepth: 3 }),
  fc.string({ maxLength: 100 }),
);

const contentType = fc.oneof(
  { weight: 12, arbitrary: fc.constant('application/json') },
  {
    weight: 1,
    arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'x/y; charset=z'),
  },
);

export const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc.oneof(
  {
    weight: 7,
    arbitrary: fc.record({
      target: fc.constant('mcp' as const),
      body,
      contentType,
      authenticated: fc.oneof(
        { weight: 4, arbitrary: fc.constant(true) },
        { weight: 1, arbitrary: fc.constant(false) },
      ),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      target: fc.constant('login' as const),
      body: loginBody,
      contentType,
      authenticated: fc.constant(false),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      target: fc.constant('sse-post' as const),
      body,
      contentType,
      realSession: fc.boolean(),
      sessionId: fc.oneof(fc.uuid(), fc.string({ maxLength: 300 })),
      authenticated: fc.constant(true),
    }),
  },
);
