import { ToolInputError } from './kubernetes-api.error.js';
import { resourcePath, type ApiResource } from './api-resource.js';

const configMaps: ApiResource = {
  group: '',
  version: 'v1',
  resource: 'configmaps',
  singular: 'configmap',
  kind: 'ConfigMap',
  namespaced: true,
  shortNames: ['cm'],
  verbs: ['get'],
  categories: [],
};

describe('resourcePath', () => {
  it('builds collection and object paths with encoded names', () => {
    expect(resourcePath(configMaps, 'prod')).toBe('/api/v1/namespaces/prod/configmaps');
    expect(resourcePath(configMaps, 'prod', 'a/b')).toBe(
      '/api/v1/namespaces/prod/configmaps/a%2Fb',
    );
  });

  it.each([
    ['prod', '..'],
    ['prod', '.'],
    ['..', 'x'],
  ])(
    'refuses the dot segment in namespace %s, name %s (it would climb to another path)',
    (namespace, name) => {
      expect(() => resourcePath(configMaps, namespace, name)).toThrow(ToolInputError);
      expect(() => resourcePath(configMaps, namespace, name)).toThrow(
        /is not a valid object or namespace name/,
      );
    },
  );
});
