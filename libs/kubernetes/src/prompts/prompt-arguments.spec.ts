import type { McpPromptHandler } from '#mcp';

import { ClusterHealthPrompt } from './cluster-health.prompt.js';
import { DeployApplicationPrompt } from './deploy-application.prompt.js';
import { DiagnosePodPrompt } from './diagnose-pod.prompt.js';

const prompts: McpPromptHandler[] = [
  new ClusterHealthPrompt(),
  new DeployApplicationPrompt(),
  new DiagnosePodPrompt(),
];

/** The `path: message` lines a caller sees for refused prompt arguments. */
function problems(promptName: string, args: Record<string, string>): string[] {
  const sut = prompts.find((prompt) => prompt.name === promptName)!;
  const parsed = sut.argsSchema!.safeParse(args);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('prompt arguments are checked like the tool parameters they feed', () => {
  it.each([
    [
      'check_cluster_health',
      { namespace: 'Prod' },
      'namespace: must be a namespace name such as "default"',
    ],
    [
      'check_cluster_health',
      { namespace: 'x", "allNamespaces": true' },
      'namespace: must be a namespace name such as "default"',
    ],
    ['diagnose_pod', {}, 'pod: Invalid input: expected string, received undefined'],
    ['diagnose_pod', { pod: 'web 1' }, 'pod: must be an object name such as "web-7d4b9"'],
    [
      'diagnose_pod',
      { pod: 'web-1', namespace: 'team_a' },
      'namespace: must be a namespace name such as "default"',
    ],
    [
      'deploy_application',
      { name: 'web', image: '' },
      'image: Too small: expected string to have >=1 characters',
    ],
    [
      'deploy_application',
      { name: 'web', image: 'nginx', replicas: 'three' },
      'replicas: must be a whole number such as "3"',
    ],
    [
      'deploy_application',
      { name: 'web', image: 'nginx', port: '0' },
      'port: must be a port number such as "80"',
    ],
    [
      'deploy_application',
      { name: 'web', image: 'nginx', port: 'http' },
      'port: must be a port number such as "80"',
    ],
  ] as const)('%s refuses %j', (name, args, message) => {
    expect(problems(name, args)).toContain(message);
  });

  it('accepts the documented examples', () => {
    expect(problems('check_cluster_health', {})).toEqual([]);
    expect(problems('diagnose_pod', { pod: 'web-7d4b9-x2k4p', namespace: 'prod' })).toEqual([]);
    expect(
      problems('deploy_application', {
        name: 'nginx',
        image: 'nginx:1.27',
        replicas: '3',
        port: '80',
      }),
    ).toEqual([]);
  });
});
