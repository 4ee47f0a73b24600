import type http from 'node:http';

import type { Cluster } from './cluster.ts';
import {
  plainClient,
  sessionClient,
  sessionPerCallClient,
  sseClient,
  type BenchClient,
  type McpEndpoint,
  type ToolCall,
} from './mcp-clients.ts';

export const OPS = ['list', 'get', 'logs'] as const;
export type Op = (typeof OPS)[number];

export const OP_LABELS: Record<Op, string> = {
  list: 'list 100 pods',
  get: 'get one pod',
  logs: '100 log lines',
};

/** What every target is asked: the namespace of 100 pods and one pod in it. */
export interface Workload {
  namespace: string;
  pod: string;
}

export interface OpClient {
  call(op: Op): Promise<number>;
  close(): Promise<void>;
}

export interface Target {
  name: string;
  label: string;
  group: 'floor' | 'this server' | 'peer';
  /** The process whose memory is reported (none for the floor). */
  pid?: number;
  open(): Promise<OpClient>;
}

const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

/** The same API requests straight to the API server over a kept-alive HTTPS connection. */
export function floorTarget(cluster: Cluster, work: Workload, format: 'json' | 'table'): Target {
  const base = `/api/v1/namespaces/${work.namespace}/pods`;
  const accept = format === 'table' ? TABLE_ACCEPT : 'application/json';
  const query = format === 'table' ? '?includeObject=Metadata' : '';
  const paths: Record<Op, string> = {
    list: `${base}${query}`,
    get: `${base}/${work.pod}${query}`,
    logs: `${base}/${work.pod}/log?tailLines=100`,
  };
  return {
    name: `floor-${format}`,
    label: `floor, ${format === 'table' ? 'Table' : 'JSON'}`,
    group: 'floor',
    async open() {
      return {
        async call(op) {
          const answer = await cluster.request('GET', paths[op], undefined, accept);
          if (answer.status !== 200) throw new Error(`${op}: HTTP ${answer.status}`);
          return answer.text.length;
        },
        close: async () => undefined,
      };
    },
  };
}

export type ToolCalls = Record<Op, ToolCall>;

export function thisServerCalls(work: Workload): ToolCalls {
  return {
    list: { name: 'kubectl_get', arguments: { resource: 'pods', namespace: work.namespace } },
    get: {
      name: 'kubectl_get',
      arguments: { resource: 'pods', name: work.pod, namespace: work.namespace },
    },
    logs: {
      name: 'kubectl_logs',
      arguments: { pod: work.pod, namespace: work.namespace, lines: 100 },
    },
  };
}

export function goPeerCalls(work: Workload): ToolCalls {
  return {
    list: { name: 'pods_list_in_namespace', arguments: { namespace: work.namespace } },
    get: { name: 'pods_get', arguments: { name: work.pod, namespace: work.namespace } },
    logs: { name: 'pods_log', arguments: { name: work.pod, namespace: work.namespace, tail: 100 } },
  };
}

export function tsPeerCalls(work: Workload): ToolCalls {
  return {
    list: { name: 'kubectl_get', arguments: { resourceType: 'pods', namespace: work.namespace } },
    get: {
      name: 'kubectl_get',
      arguments: { resourceType: 'pods', name: work.pod, namespace: work.namespace },
    },
    logs: {
      name: 'kubectl_logs',
      arguments: { resourceType: 'pod', name: work.pod, namespace: work.namespace, tail: 100 },
    },
  };
}

type Transport = 'session' | 'plain' | 'session-per-call' | 'sse';

const OPENERS: Record<Exclude<Transport, 'sse'>, (e: McpEndpoint) => Promise<BenchClient>> = {
  session: sessionClient,
  plain: plainClient,
  'session-per-call': sessionPerCallClient,
};

/** An MCP server reached over one of its transports. */
export function mcpTarget(options: {
  name: string;
  label: string;
  group: Target['group'];
  baseUrl: string;
  path?: string;
  headers: Record<string, string>;
  agent: http.Agent;
  transport: Transport;
  calls: ToolCalls;
  pid?: number;
}): Target {
  const endpoint: McpEndpoint = {
    url: `${options.baseUrl}${options.path ?? '/mcp'}`,
    headers: options.headers,
    agent: options.agent,
  };
  return {
    name: options.name,
    label: options.label,
    group: options.group,
    pid: options.pid,
    async open() {
      const client =
        options.transport === 'sse'
          ? await sseClient(options.baseUrl, endpoint)
          : await OPENERS[options.transport](endpoint);
      return { call: (op) => client.call(options.calls[op]), close: () => client.close() };
    },
  };
}
