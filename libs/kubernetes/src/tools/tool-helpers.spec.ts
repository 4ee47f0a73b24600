import { ANONYMOUS_ADMIN, type Caller } from '#mcp';

import { ToolInputError } from '../api/kubernetes-api.error.js';
import {
  assertClusterScopeAllowed,
  assertNamespaceAllowed,
  allowedNamespaces,
} from '../namespace-access.js';
import { parseObjectUri } from '../resources/kubernetes-object.resource.js';
import { age, toEventRows } from './event-rows.js';
import { classify } from './apply-writer.js';
import { nameTable } from './kubectl-get.tool.js';
import { parseCpu, parseMemory } from './kubectl-top.tool.js';
import { MAX_MANIFEST_DOCUMENTS, objectLabel, parseManifest } from './manifest-documents.js';
import { chooseContainer, keepLastWithin, lineFilter, splitLines } from './pod-logs.js';
import { podHealth } from './pod-health.js';
import { rolloutStatus } from './rollout-status.js';

describe('parseManifest', () => {
  it('splits YAML documents, skips empty ones and reports bad ones by position', async () => {
    const sut = await parseManifest(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n---\nkind: Pod\n---\n- 1\n---\nfoo: [\n',
    );
    expect(sut.map((doc) => doc.error ?? doc.object?.metadata?.name)).toEqual([
      'a',
      'missing apiVersion, metadata.name',
      'not a Kubernetes object (expected a mapping with apiVersion, kind and metadata.name)',
      expect.stringMatching(/^not valid YAML\/JSON: /),
    ]);
    expect(sut.map((doc) => doc.index)).toEqual([1, 2, 3, 4]);
  });

  it('reads JSON objects, arrays and List kinds', async () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } };
    expect(await parseManifest(JSON.stringify(pod))).toEqual([{ index: 1, object: pod }]);
    expect(
      await parseManifest(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [pod, pod] })),
    ).toHaveLength(2);
    expect(await parseManifest(JSON.stringify([pod]))).toHaveLength(1);
    expect(await parseManifest('')).toEqual([]);
  });

  it('parses off the event loop: timers keep firing while a 2 MB manifest with 60,000 keys is parsed', async () => {
    const keys = Array.from({ length: 60_000 }, (_, i) => `  k${i}: "${'v'.repeat(20)}"`);
    const source = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n${keys.join('\n')}`;
    // Parsed in place, the parse would run to its end before any timer: no tick in between.
    // In the worker it takes many ticks, and a busy machine only adds more.
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    const documents = await parseManifest(source);
    const ticksWhileParsing = ticks;
    clearInterval(ticker);
    expect(ticksWhileParsing).toBeGreaterThanOrEqual(2);
    expect(documents[0].object?.metadata?.name).toBe('big');
  }, 20_000);

  it('reports a key given twice in one mapping, in small and large manifests', async () => {
    const twice = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n';
    for (const source of [twice, `${twice}# ${'x'.repeat(20_000)}\n`])
      expect(await parseManifest(source)).toEqual([
        { index: 1, error: 'not valid YAML/JSON: the key "name" appears twice in one mapping' },
      ]);
  });

  it('takes up to the document limit and refuses more, List items counted, saying how to split', async () => {
    const configMap = (i: number) => `{apiVersion: v1, kind: ConfigMap, metadata: {name: c${i}}}`;
    const documents = (count: number) =>
      Array.from({ length: count }, (_, i) => configMap(i)).join('\n---\n');
    expect(await parseManifest(documents(MAX_MANIFEST_DOCUMENTS))).toHaveLength(
      MAX_MANIFEST_DOCUMENTS,
    );
    await expect(parseManifest(documents(MAX_MANIFEST_DOCUMENTS + 1))).rejects.toThrow(
      `The manifest holds ${MAX_MANIFEST_DOCUMENTS + 1} documents (List items counted); apply at most ${MAX_MANIFEST_DOCUMENTS} per call, splitting it into several calls`,
    );
    const list = `{apiVersion: v1, kind: List, items: [${Array.from({ length: 600 }, (_, i) => configMap(i)).join(', ')}]}`;
    await expect(parseManifest(list)).rejects.toThrow('The manifest holds 600 documents');
  });

  it('refuses documents nested deeper than any Kubernetes object', async () => {
    const tooDeep = [
      { index: 1, error: 'nested more than 100 levels deep; no Kubernetes object is' },
    ];
    expect(await parseManifest(`${'['.repeat(500)}${']'.repeat(500)}`)).toEqual(tooDeep);
    // So deep the YAML parser itself runs out of stack: the same answer, not its stack error.
    expect(await parseManifest(`${'['.repeat(8_000)}${']'.repeat(8_000)}`)).toEqual(tooDeep);
    expect(await parseManifest(`${'{a: '.repeat(4_000)}1${'}'.repeat(4_000)}`)).toEqual(tooDeep);
  });

  it('labels objects the way kubectl prints them', () => {
    expect(
      objectLabel({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } }),
    ).toBe('deployment.apps/web');
    expect(objectLabel({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' } })).toBe(
      'service/web',
    );
  });
});

describe('classify (apply outcome)', () => {
  const object = {
    kind: 'ConfigMap',
    metadata: { name: 'a', resourceVersion: '1', managedFields: [] },
    data: { a: '1' },
  };
  it('tells created, unchanged and configured apart', () => {
    expect(classify(undefined, object)).toBe('created');
    expect(
      classify(object, { ...object, metadata: { ...object.metadata, resourceVersion: '2' } }),
    ).toBe('unchanged');
    expect(classify(object, { ...object, data: { a: '2' } })).toBe('configured');
  });
});

describe('pod logs helpers', () => {
  const pod = {
    metadata: { name: 'p' },
    spec: {
      containers: [{ name: 'app' }, { name: 'sidecar' }],
      initContainers: [{ name: 'init' }],
    },
  };
  it('requires a container choice for multi-container pods and lists them', () => {
    expect(() => chooseContainer(pod, undefined)).toThrow(
      new ToolInputError(
        'Pod "p" has 2 containers (app, sidecar); choose one with the container parameter, e.g. container="app"',
      ),
    );
    expect(() => chooseContainer(pod, 'nope')).toThrow(
      'Container "nope" is not in pod "p"; its containers are: app, sidecar, init',
    );
    expect(chooseContainer(pod, 'init')).toBe('init');
    expect(
      chooseContainer(
        { metadata: { name: 'q' }, spec: { containers: [{ name: 'only' }] } },
        undefined,
      ),
    ).toBe('only');
  });
  it('filters by regex or, when the pattern is not one, by text', () => {
    expect(['GET / 200', 'GET /x 500', 'error: (x'].filter(lineFilter('5\\d\\d'))).toEqual([
      'GET /x 500',
    ]);
    expect(['error: (x', 'fine'].filter(lineFilter('(x'))).toEqual(['error: (x']);
    expect(['a', 'b'].filter(lineFilter(undefined))).toEqual(['a', 'b']);
  });
  it('runs patterns in linear time, so a catastrophic one cannot stall the server', () => {
    const started = performance.now();
    const keep = lineFilter('^(.+)+QQ$');
    expect(['a'.repeat(5000), 'x'.repeat(40) + 'Q'].filter(keep)).toEqual([]);
    expect(['abcQQ'].filter(keep)).toEqual(['abcQQ']);
    expect(performance.now() - started).toBeLessThan(1000);
  });
  it('names the syntax RE2 does not run instead of running it', () => {
    expect(() => lineFilter('(a)\\1')).toThrow(
      /grep pattern "\(a\)\\1" uses syntax.*invalid escape sequence.*backreferences/,
    );
    expect(() => lineFilter('(?=error)')).toThrow(/unsupported Perl syntax: `\(\?=`.*lookaround/);
  });
  it('splits lines and keeps the most recent ones within the budget', () => {
    expect(splitLines('a\nb\n')).toEqual(['a', 'b']);
    expect(splitLines('')).toEqual([]);
    expect(keepLastWithin(['1111', '2222', '3333'], 10)).toEqual({
      lines: ['2222', '3333'],
      omitted: 1,
    });
  });
  it('keeps the start of a newest line longer than the budget, marked, and counts the older lines', () => {
    const sut = keepLastWithin(['older', 'x'.repeat(1_000)], 100);
    expect(sut).toEqual({ lines: [`${'x'.repeat(71)} [line cut at 71 characters]`], omitted: 1 });
    // With its newline, the cut line fits the budget.
    expect(sut.lines[0]!.length + 1).toBeLessThanOrEqual(100);
    expect(keepLastWithin(['x'.repeat(1_000), 'new'], 100)).toEqual({ lines: ['new'], omitted: 1 });
    expect(keepLastWithin([], 100)).toEqual({ lines: [], omitted: 0 });
  });
});

describe('rolloutStatus', () => {
  const deployment = (status: object, spec: object = {}) => ({
    kind: 'Deployment',
    metadata: { name: 'web', generation: 2 },
    spec: { replicas: 3, ...spec },
    status: { observedGeneration: 2, ...status },
  });
  it('follows kubectl rollout status', () => {
    expect(
      rolloutStatus(deployment({ updatedReplicas: 3, replicas: 3, availableReplicas: 3 })),
    ).toEqual({ done: true, message: 'deployment "web" successfully rolled out' });
    expect(rolloutStatus(deployment({ updatedReplicas: 1, replicas: 3 })).message).toBe(
      'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...',
    );
    expect(rolloutStatus(deployment({ updatedReplicas: 3, replicas: 4 })).message).toMatch(
      /1 old replicas are pending termination/,
    );
    expect(rolloutStatus(deployment({ observedGeneration: 1 })).message).toBe(
      'Waiting for web spec update to be observed...',
    );
    expect(rolloutStatus(deployment({}, { paused: true })).done).toBe(false);
    expect(
      rolloutStatus({
        kind: 'DaemonSet',
        metadata: { name: 'ds' },
        status: { desiredNumberScheduled: 2, updatedNumberScheduled: 2, numberAvailable: 2 },
      }).done,
    ).toBe(true);
  });
});

describe('events, pod health and metrics helpers', () => {
  it('sorts events oldest first or warnings first, with kubectl ages', () => {
    const now = Date.parse('2026-01-01T00:10:00Z');
    const events = [
      {
        type: 'Normal',
        reason: 'Pulled',
        lastTimestamp: '2026-01-01T00:09:00Z',
        involvedObject: { kind: 'Pod', name: 'p' },
      },
      {
        type: 'Warning',
        reason: 'BackOff',
        lastTimestamp: '2026-01-01T00:00:00Z',
        involvedObject: { kind: 'Pod', name: 'p' },
      },
    ];
    expect(toEventRows(events, { now }).map((e) => e.reason)).toEqual(['BackOff', 'Pulled']);
    expect(toEventRows(events, { now, warningsFirst: true })[0]).toMatchObject({
      type: 'Warning',
      lastSeen: '10m',
      object: 'pod/p',
    });
    expect([age(30_000), age(3 * 3600_000), age(3 * 86400_000)]).toEqual(['30s', '3h', '3d']);
  });
  it('summarises container states with reasons and exit codes', () => {
    const health = podHealth({
      status: {
        phase: 'Running',
        containerStatuses: [
          {
            name: 'app',
            ready: false,
            restartCount: 4,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
            lastState: { terminated: { reason: 'Error', exitCode: 1 } },
          },
        ],
      },
    });
    expect(health.containers).toEqual([
      {
        name: 'app',
        ready: false,
        restartCount: 4,
        state: 'waiting',
        detail: 'CrashLoopBackOff; last terminated: Error, exit code 1',
      },
    ]);
  });
  it('parses CPU and memory quantities', () => {
    expect([parseCpu('250m'), parseCpu('1'), parseCpu('1500000n'), parseCpu('bad')]).toEqual([
      250, 1000, 1.5, 0,
    ]);
    expect([parseMemory('128Mi'), parseMemory('1G'), parseMemory('1024')]).toEqual([
      128 * 2 ** 20,
      1e9,
      1024,
    ]);
  });
});

describe('namespace limits and resource URIs', () => {
  const alice: Caller = {
    ...ANONYMOUS_ADMIN,
    subject: 'alice',
    roles: ['viewer'],
    namespaces: ['team-a', 'shared'],
  };
  it('allows listed namespaces only and refuses cluster scope to limited callers', () => {
    expect(() => assertNamespaceAllowed(alice, 'team-a')).not.toThrow();
    expect(() => assertNamespaceAllowed(alice, 'prod')).toThrow(
      'Access to namespace "prod" is not allowed for alice; allowed namespaces: team-a, shared',
    );
    expect(() => assertClusterScopeAllowed(alice, 'nodes')).toThrow(
      'nodes is cluster-scoped; alice may only use the namespaces team-a, shared',
    );
    expect(() => assertClusterScopeAllowed(ANONYMOUS_ADMIN, 'nodes')).not.toThrow();
    expect(allowedNamespaces(alice)).toEqual(['shared', 'team-a']);
    expect(allowedNamespaces(ANONYMOUS_ADMIN)).toBeUndefined();
  });
  it('parses k8s:// object URIs', () => {
    expect(parseObjectUri('k8s://prod/deployments/web')).toEqual({
      namespace: 'prod',
      resource: 'deployments',
      name: 'web',
    });
    expect(parseObjectUri('k8s://_cluster/nodes/n1')).toEqual({ resource: 'nodes', name: 'n1' });
    expect(parseObjectUri('k8s://prod/deployments')).toBeUndefined();
    expect(parseObjectUri('http://x/y/z')).toBeUndefined();
  });
});

describe('nameTable (servers that ignore the Table request)', () => {
  it('builds NAME and CREATED columns from plain objects and keeps the continue token', () => {
    const sut = nameTable({
      kind: 'WidgetList',
      metadata: { continue: 'next' },
      items: [
        { metadata: { name: 'a', namespace: 'n', creationTimestamp: '2026-01-01T00:00:00Z' } },
      ],
    });
    expect(sut.columnDefinitions.map((column) => column.name)).toEqual(['Name', 'Created']);
    expect(sut.rows).toEqual([
      { cells: ['a', '2026-01-01T00:00:00Z'], object: { metadata: { name: 'a', namespace: 'n' } } },
    ]);
    expect(sut.metadata?.continue).toBe('next');
  });
});
