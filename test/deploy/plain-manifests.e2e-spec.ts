import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { find, kubectl, manifests } from '../helm/helm-tools.js';

const ROOT = process.cwd();
const committed = readFileSync(join(ROOT, 'k8s', 'deployment.yaml'), 'utf8');

describe('k8s/deployment.yaml (plain manifests rendered from the chart)', () => {
  it('is up to date with the chart and k8s/values.yaml (run npm run manifests when this fails)', () => {
    const rendered = execFileSync(
      'bash',
      [join(ROOT, 'scripts', 'render-manifests.sh'), '--stdout'],
      {
        encoding: 'utf8',
      },
    );
    expect(committed).toBe(rendered);
  });

  it('is accepted by the API server as the seed applies it (kubectl apply --dry-run=server)', () => {
    const output = kubectl([
      'apply',
      '--dry-run=server',
      '-f',
      join(ROOT, 'k8s', 'deployment.yaml'),
    ]);
    expect(output).toContain('deployment.apps/mcp-kubernetes-server created (server dry run)');
    expect(output).toContain('service/mcp-kubernetes-server created (server dry run)');
  });

  it('keeps the names the seed commands use: pods labelled app=mcp-kubernetes-server, service mcp-kubernetes-server', () => {
    const all = manifests(committed);
    const deployment = find(all, 'Deployment', 'mcp-kubernetes-server') as unknown as {
      spec: { template: { metadata: { labels: Record<string, string> } } };
    };
    expect(deployment.spec.template.metadata.labels.app).toBe('mcp-kubernetes-server');
    expect(find(all, 'Service', 'mcp-kubernetes-server')).toBeDefined();
    expect(all.filter((m) => m.kind === 'Secret')).toHaveLength(0);
  });
});
