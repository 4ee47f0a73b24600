import { unifiedDiff } from './line-diff.js';
import { objectDiff, removedPaths } from './object-diff.js';

const labels = { old: 'a', new: 'b' };

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('x\ny', 'x\ny', labels)).toBe('');
  });

  it('shows one changed line with three lines of context in a standard hunk', () => {
    const old = ['1', '2', '3', '4', '5', '6', '7', '8'].join('\n');
    const next = ['1', '2', '3', '4', 'five', '6', '7', '8'].join('\n');
    expect(unifiedDiff(old, next, labels)).toBe(
      ['--- a', '+++ b', '@@ -2,7 +2,7 @@', ' 2', ' 3', ' 4', '-5', '+five', ' 6', ' 7', ' 8'].join(
        '\n',
      ),
    );
  });

  it('keeps distant changes in separate hunks and counts lines for each', () => {
    const old = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);
    const next = [...old];
    next[1] = 'second';
    next.splice(17, 0, 'inserted');
    const diff = unifiedDiff(old.join('\n'), next.join('\n'), labels).split('\n');
    expect(diff.filter((line) => line.startsWith('@@'))).toEqual([
      '@@ -1,5 +1,5 @@',
      '@@ -15,6 +15,7 @@',
    ]);
  });

  it('diffs a new text against nothing', () => {
    expect(unifiedDiff('', 'a\nb', { old: '/dev/null', new: 'x' })).toBe(
      '--- /dev/null\n+++ x\n@@ -0,0 +1,2 @@\n+a\n+b',
    );
  });

  it('stays bounded on large, completely different inputs', () => {
    const old = Array.from({ length: 5000 }, (_, i) => `old ${i}`).join('\n');
    const next = Array.from({ length: 5000 }, (_, i) => `new ${i}`).join('\n');
    const started = Date.now();
    const diff = unifiedDiff(old, next, labels);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(diff.split('\n').filter((line) => line.startsWith('-old')).length).toBe(5000);
  });
});

describe('objectDiff', () => {
  const live = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'settings',
      namespace: 'a',
      resourceVersion: '7',
      uid: 'u',
      managedFields: [{}],
    },
    data: { mode: 'fast', level: '1' },
  };

  it('calls an object unchanged when only server-maintained fields differ', () => {
    const after = { ...live, metadata: { ...live.metadata, resourceVersion: '8' }, status: {} };
    expect(objectDiff('configmap/settings', live, after, false)).toEqual({
      result: 'unchanged',
      diff: '',
    });
  });

  it('shows a changed value as a unified diff', () => {
    const after = { ...live, data: { mode: 'slow', level: '1' } };
    const { result, diff } = objectDiff('configmap/settings', live, after, false);
    expect(result).toBe('changed');
    expect(diff).toContain('--- configmap/settings (live)\n+++ configmap/settings (after apply)');
    expect(diff).toContain('-  mode: fast\n+  mode: slow');
    expect(diff).not.toContain('resourceVersion');
  });

  it('shows a new object as created, every line added', () => {
    const { result, diff } = objectDiff('configmap/settings', undefined, live, false);
    expect(result).toBe('created');
    expect(diff.split('\n').slice(0, 2)).toEqual([
      '--- /dev/null',
      '+++ configmap/settings (after apply)',
    ]);
    expect(diff).toContain('+  mode: fast');
  });

  it('never shows Secret values unless revealed, only which keys change', () => {
    const secret = (password: string) => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'creds',
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': password },
      },
      data: {
        password: Buffer.from(password).toString('base64'),
        user: Buffer.from('ada').toString('base64'),
      },
    });
    const { result, diff } = objectDiff(
      'secret/creds',
      secret('hunter2-hunter2'),
      secret('hunter3-hunter3'),
      false,
    );
    expect(result).toBe('changed');
    expect(diff).toContain(
      '-  password: "<redacted: 15 bytes>"\n+  password: "<redacted: 15 bytes> (changed)"',
    );
    expect(diff).not.toMatch(/hunter|aHVudGVy|YWRh/);
    const revealed = objectDiff(
      'secret/creds',
      secret('hunter2-hunter2'),
      secret('hunter3-hunter3'),
      true,
    );
    expect(revealed.diff).toContain(
      `+  password: ${Buffer.from('hunter3-hunter3').toString('base64')}`,
    );
  });
});

describe('removedPaths', () => {
  const deployment = (containers: string[], labels: Record<string, string>) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels, resourceVersion: '1' },
    spec: { template: { spec: { containers: containers.map((name) => ({ name, image: 'x' })) } } },
    status: { replicas: 1 },
  });

  it('names map keys and list items the applied result drops', () => {
    expect(
      removedPaths(
        deployment(['web', 'sidecar'], { app: 'web', tier: 'front' }),
        deployment(['web'], { app: 'web' }),
      ),
    ).toEqual(['metadata.labels.tier', 'spec.template.spec.containers[1]']);
  });

  it('ignores changed values, additions, status and server metadata', () => {
    const live = deployment(['web'], { app: 'web' });
    const after = { ...deployment(['web', 'more'], { app: 'api', extra: 'y' }), status: {} };
    after.metadata.resourceVersion = '2';
    expect(removedPaths(live, after)).toEqual([]);
  });
});
