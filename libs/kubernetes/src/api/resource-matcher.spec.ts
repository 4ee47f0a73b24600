import type { ApiResource } from './api-resource.js';
import { distance, matchResource, suggestResources } from './resource-matcher.js';

const type = (
  group: string,
  resource: string,
  kind: string,
  shortNames: string[] = [],
): ApiResource => ({
  group,
  version: group ? 'v1' : 'v1',
  resource,
  singular: kind.toLowerCase(),
  kind,
  namespaced: true,
  shortNames,
  verbs: ['get', 'list'],
  categories: [],
});

const TYPES = [
  type('', 'pods', 'Pod', ['po']),
  type('', 'services', 'Service', ['svc']),
  type('', 'events', 'Event', ['ev']),
  type('apps', 'deployments', 'Deployment', ['deploy']),
  type('events.k8s.io', 'events', 'Event', ['ev']),
  type('example.com', 'widgets', 'Widget', ['wdg']),
];

describe('matchResource', () => {
  it.each([
    ['pods', 'pods', ''],
    ['pod', 'pods', ''],
    ['po', 'pods', ''],
    ['Pod', 'pods', ''],
    ['  SVC ', 'services', ''],
    ['deploy', 'deployments', 'apps'],
    ['Deployment', 'deployments', 'apps'],
    ['deployments.apps', 'deployments', 'apps'],
    ['deployments.v1.apps', 'deployments', 'apps'],
    ['wdg', 'widgets', 'example.com'],
    ['widgets.example.com', 'widgets', 'example.com'],
  ])('resolves %s to %s in group "%s"', (query, resource, group) => {
    const sut = matchResource(TYPES, query);
    expect(sut).toMatchObject({ resource, group });
  });

  it('prefers the higher-priority group on a tie (core events before events.k8s.io)', () => {
    expect(matchResource(TYPES, 'events')?.group).toBe('');
    expect(matchResource(TYPES, 'events.events.k8s.io')?.group).toBe('events.k8s.io');
  });

  it('returns undefined for unknown names and wrong groups', () => {
    expect(matchResource(TYPES, 'gadgets')).toBeUndefined();
    expect(matchResource(TYPES, 'deployments.batch')).toBeUndefined();
  });
});

describe('suggestResources', () => {
  it('suggests close names with their group', () => {
    expect(suggestResources(TYPES, 'deploymnets')).toEqual(['deployments.apps']);
    expect(suggestResources(TYPES, 'servics')).toEqual(['services']);
    expect(suggestResources(TYPES, 'widget.example')).toContain('widgets.example.com');
  });

  it('suggests nothing for unrelated words', () => {
    expect(suggestResources(TYPES, 'zzzzqqqq')).toEqual([]);
  });

  it('does no distance work for text far longer than any resource name', () => {
    const started = performance.now();
    expect(suggestResources(TYPES, 'x'.repeat(1_000_000))).toEqual([]);
    // Comparing a million characters with every name took seconds; the cap makes it instant.
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('measures edit distance', () => {
    expect(distance('kitten', 'sitting')).toBe(3);
    expect(distance('', 'abc')).toBe(3);
    expect(distance('same', 'same')).toBe(0);
  });
});
