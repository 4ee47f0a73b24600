import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

import { HeapAfterGcGauge } from './heap-after-gc.gauge.js';

/** How a tool call ended, as the `outcome` label of the tool metrics. */
/** `declined`: the person asked to confirm the call said no or cancelled. */
export type ToolCallOutcome = 'success' | 'error' | 'denied' | 'invalid' | 'declined';
/** The MCP transport a session or stream uses. */
export type McpTransport = 'streamable-http' | 'sse';

// Tool calls and Kubernetes requests range from milliseconds (get) to minutes (logs, apply waits).
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * Every Prometheus metric of the server, behind methods named after what happened.
 * Inject it anywhere (ObservabilityModule is global):
 *
 *   metrics.recordToolCall('kubectl_get', 'success', 0.042);
 *   metrics.sessionOpened('streamable-http'); ... metrics.sessionClosed('streamable-http');
 *   metrics.streamOpened('sse'); ... metrics.streamClosed('sse');
 *   metrics.recordKubernetesRequest('list pods', 0.031);            // success
 *   metrics.recordKubernetesRequest('get deployment', 0.02, 404);   // failure with status
 *   metrics.recordRateLimitRefusal('login');
 *
 * Each application instance has its own registry, so tests can boot several apps.
 */
@Injectable()
export class MetricsService implements OnModuleDestroy {
  readonly registry = new Registry();

  private readonly httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly toolCalls = new Counter({
    name: 'mcp_tool_calls_total',
    help: 'MCP tool calls, by tool and outcome (success, error, denied, invalid, declined).',
    labelNames: ['tool', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly toolDuration = new Histogram({
    name: 'mcp_tool_call_duration_seconds',
    help: 'Time MCP tool calls took, by tool and outcome.',
    labelNames: ['tool', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly sessions = new Gauge({
    name: 'mcp_sessions_open',
    help: 'MCP sessions currently open, by transport.',
    labelNames: ['transport'] as const,
    registers: [this.registry],
  });
  private readonly streams = new Gauge({
    name: 'mcp_sse_streams_open',
    help: 'Server-sent event streams currently open, by transport.',
    labelNames: ['transport'] as const,
    registers: [this.registry],
  });
  private readonly kubernetesDuration = new Histogram({
    name: 'kubernetes_api_request_duration_seconds',
    help: 'Time Kubernetes API requests took, by operation and outcome (success or error).',
    labelNames: ['operation', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly kubernetesErrors = new Counter({
    name: 'kubernetes_api_errors_total',
    help: 'Kubernetes API requests that failed, by operation and HTTP status (0: no answer).',
    labelNames: ['operation', 'status'] as const,
    registers: [this.registry],
  });
  private readonly rateLimitRefusals = new Counter({
    name: 'rate_limit_refusals_total',
    help: 'Requests refused with 429 by the rate limiter, by limit (e.g. login, user, ip).',
    labelNames: ['limit'] as const,
    registers: [this.registry],
  });

  private readonly heapAfterGc = new HeapAfterGcGauge(this.registry);

  constructor() {
    // Process CPU, memory, file descriptors, event-loop lag, GC, Node version.
    collectDefaultMetrics({ register: this.registry });
  }

  onModuleDestroy(): void {
    this.heapAfterGc.stop();
  }

  recordHttpRequest(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.httpRequests.inc(labels);
    this.httpDuration.observe(labels, seconds);
  }

  recordToolCall(tool: string, outcome: ToolCallOutcome, seconds: number): void {
    this.toolCalls.inc({ tool, outcome });
    this.toolDuration.observe({ tool, outcome }, seconds);
  }

  sessionOpened(transport: McpTransport): void {
    this.sessions.inc({ transport });
  }

  sessionClosed(transport: McpTransport): void {
    this.sessions.dec({ transport });
  }

  streamOpened(transport: McpTransport): void {
    this.streams.inc({ transport });
  }

  streamClosed(transport: McpTransport): void {
    this.streams.dec({ transport });
  }

  /** `errorStatus`: the HTTP status of a failed request, 0 when the server gave no answer. */
  recordKubernetesRequest(operation: string, seconds: number, errorStatus?: number): void {
    const outcome = errorStatus === undefined ? 'success' : 'error';
    this.kubernetesDuration.observe({ operation, outcome }, seconds);
    if (errorStatus !== undefined)
      this.kubernetesErrors.inc({ operation, status: String(errorStatus) });
  }

  /** Times a Kubernetes API call and records it; the call's result or error passes through. */
  async timeKubernetesRequest<T>(operation: string, call: () => Promise<T>): Promise<T> {
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    try {
      const result = await call();
      this.recordKubernetesRequest(operation, seconds());
      return result;
    } catch (error) {
      this.recordKubernetesRequest(operation, seconds(), statusOf(error));
      throw error;
    }
  }

  recordRateLimitRefusal(limit: string): void {
    this.rateLimitRefusals.inc({ limit });
  }

  /** The Prometheus text exposition of every metric. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

function statusOf(error: unknown): number {
  const code = (error as { code?: unknown; statusCode?: unknown } | null)?.code;
  if (typeof code === 'number' && code >= 100 && code < 600) return code;
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof statusCode === 'number' ? statusCode : 0;
}
