import {
  Body,
  Controller,
  Get,
  Module,
  Post,
  type INestApplication,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';

import { InFlightRequestsMiddleware } from './in-flight-requests.middleware.js';
import { ShutdownState } from './shutdown-state.js';

let release: () => void = () => undefined;
/** Requests that reached the slow handler, past the middleware. */
let slowArrivals = 0;

@Controller()
class ProbeController {
  @Post('mcp')
  mcp(@Body() body: unknown): unknown {
    return { received: body };
  }

  @Get('slow')
  slow(): Promise<string> {
    slowArrivals++;
    return new Promise((resolve) => (release = () => resolve('done')));
  }
}

// Registered like HealthModule does, so the body is parsed before the middleware runs.
@Module({ controllers: [ProbeController], providers: [ShutdownState] })
class ProbeModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(InFlightRequestsMiddleware).forRoutes('*path');
  }
}

describe('InFlightRequestsMiddleware', () => {
  let app: INestApplication;
  let state: ShutdownState;

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ProbeModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    state = app.get(ShutdownState);
    await app.init();
  });
  // A test that failed before releasing its slow request would otherwise keep the close waiting.
  afterEach(async () => {
    release();
    await app.close();
  });

  const initialize = { jsonrpc: '2.0', id: 7, method: 'initialize', params: {} };

  it('lets new sessions in while running', async () => {
    await request(app.getHttpServer()).post('/mcp').send(initialize).expect(201);
  });

  it('refuses a new MCP session with 503, Retry-After and a JSON-RPC error once shutting down', async () => {
    state.begin('SIGTERM');
    const response = await request(app.getHttpServer()).post('/mcp').send(initialize).expect(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.body).toMatchObject({
      jsonrpc: '2.0',
      id: 7,
      error: { code: -32000, message: expect.stringContaining('shutting down') },
    });
    await request(app.getHttpServer()).get('/mcp/sse').expect(503);
  });

  it('still serves requests of existing sessions and plain calls while shutting down', async () => {
    state.begin('SIGTERM');
    await request(app.getHttpServer())
      .post('/mcp')
      .set('mcp-session-id', 'abc')
      .send(initialize)
      .expect(201);
    await request(app.getHttpServer())
      .post('/mcp')
      .send({ jsonrpc: '2.0', id: 1, method: 'tools/list' })
      .expect(201);
  });

  it('refuses every MCP request with 503 once the drain is over and sessions are closing', async () => {
    state.begin('SIGTERM');
    state.beginClosing();
    const inSession = await request(app.getHttpServer())
      .post('/mcp')
      .set('mcp-session-id', 'abc')
      .send({ jsonrpc: '2.0', id: 3, method: 'tools/list' })
      .expect(503);
    expect(inSession.headers['retry-after']).toBe('5');
    expect(inSession.body).toMatchObject({
      jsonrpc: '2.0',
      id: 3,
      error: { code: -32000, message: expect.stringContaining('has closed its sessions') },
    });
    // Other routes (health, metrics) still answer.
    const arrivals = slowArrivals;
    const slow = request(app.getHttpServer()).get('/slow').expect(200);
    const answered = slow.then(() => undefined);
    for (let i = 0; i < 500 && slowArrivals === arrivals; i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    release();
    await answered;
  });

  it('counts a request as in flight until its response is sent', async () => {
    const pending = request(app.getHttpServer())
      .get('/slow')
      .then((response) => response.text);
    await waitUntil(() => state.inFlight === 1);
    release();
    await expect(pending).resolves.toBe('done');
    await waitUntil(() => state.inFlight === 0);
  });

  it('does not count event streams, which stay open until the application closes', async () => {
    const pending = request(app.getHttpServer())
      .get('/slow')
      .set('Accept', 'text/event-stream')
      .then((response) => response.status);
    // Checked once the stream is open on the server, past the middleware: before that the count
    // is 0 whatever the middleware does.
    const arrivedBefore = slowArrivals;
    await waitUntil(() => slowArrivals > arrivedBefore);
    expect(state.inFlight).toBe(0);
    release();
    await expect(pending).resolves.toBe(200);
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}
