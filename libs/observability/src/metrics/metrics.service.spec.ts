import { MetricsService } from './metrics.service.js';

describe('MetricsService', () => {
  let sut: MetricsService;
  beforeEach(() => (sut = new MetricsService()));
  afterEach(() => sut.onModuleDestroy());

  const text = async () => (await sut.exposition()).body;

  it('exposes the Prometheus text format with process metrics', async () => {
    const { contentType, body } = await sut.exposition();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(body).toContain('# TYPE process_cpu_user_seconds_total counter');
    expect(body).toContain('nodejs_eventloop_lag_seconds');
    expect(body).toContain('# TYPE nodejs_heap_used_after_gc_bytes gauge');
  });

  it('counts tool calls by tool and outcome and records their latency', async () => {
    sut.recordToolCall('kubectl_get', 'success', 0.042);
    sut.recordToolCall('kubectl_get', 'success', 0.2);
    sut.recordToolCall('kubectl_delete', 'denied', 0.001);
    const body = await text();
    expect(body).toContain('mcp_tool_calls_total{tool="kubectl_get",outcome="success"} 2');
    expect(body).toContain('mcp_tool_calls_total{tool="kubectl_delete",outcome="denied"} 1');
    expect(body).toContain(
      'mcp_tool_call_duration_seconds_bucket{le="0.05",tool="kubectl_get",outcome="success"} 1',
    );
    expect(body).toContain(
      'mcp_tool_call_duration_seconds_count{tool="kubectl_get",outcome="success"} 2',
    );
  });

  it('tracks open sessions and streams per transport', async () => {
    sut.sessionOpened('streamable-http');
    sut.sessionOpened('streamable-http');
    sut.sessionClosed('streamable-http');
    sut.streamOpened('sse');
    const body = await text();
    expect(body).toContain('mcp_sessions_open{transport="streamable-http"} 1');
    expect(body).toContain('mcp_sse_streams_open{transport="sse"} 1');
  });

  it('times Kubernetes requests and counts failures by status, passing errors through', async () => {
    await expect(sut.timeKubernetesRequest('list pods', async () => 'ok')).resolves.toBe('ok');
    const notFound = Object.assign(new Error('not found'), { code: 404 });
    await expect(
      sut.timeKubernetesRequest('get deployment', () => Promise.reject(notFound)),
    ).rejects.toBe(notFound);
    await expect(
      sut.timeKubernetesRequest('get version', () => Promise.reject(new Error('ECONNREFUSED'))),
    ).rejects.toThrow('ECONNREFUSED');
    const body = await text();
    expect(body).toContain(
      'kubernetes_api_request_duration_seconds_count{operation="list pods",outcome="success"} 1',
    );
    expect(body).toContain(
      'kubernetes_api_errors_total{operation="get deployment",status="404"} 1',
    );
    expect(body).toContain('kubernetes_api_errors_total{operation="get version",status="0"} 1');
  });

  it('counts rate-limit refusals by limit and HTTP requests by route pattern', async () => {
    sut.recordRateLimitRefusal('login');
    sut.recordHttpRequest('GET', '/health/ready', 503, 0.01);
    const body = await text();
    expect(body).toContain('rate_limit_refusals_total{limit="login"} 1');
    expect(body).toContain(
      'http_requests_total{method="GET",route="/health/ready",status="503"} 1',
    );
  });
});
