import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

// No container engine runs here, so the Dockerfile is checked by reading it.
const ROOT = process.cwd();
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const instructions = dockerfile
  .replace(/\\\n\s*/g, ' ')
  .split('\n')
  .filter((line) => line.trim() && !line.trim().startsWith('#'));
const dockerignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'));
const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};

describe('Dockerfile', () => {
  const copies = instructions.filter((line) => /^COPY\s/.test(line) && !line.includes('--from='));

  it('copies only paths that exist in the repository and are not excluded by .dockerignore', () => {
    const sources = copies.flatMap((line) =>
      line
        .split(/\s+/)
        .slice(1, -1)
        .filter((part) => !part.startsWith('--')),
    );
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect([source, existsSync(join(ROOT, source))]).toEqual([source, true]);
      expect(dockerignore).not.toContain(source);
    }
  });

  it('starts with the same command as npm start', () => {
    const cmd = instructions.filter((line) => line.startsWith('CMD ')).pop()!;
    const command = (JSON.parse(cmd.slice(4)) as string[]).join(' ');
    expect(command).toBe(packageJson.scripts.start);
  });

  it('builds on Node 24, keeps only production dependencies and runs as a non-root user', () => {
    expect(dockerfile).toMatch(/ARG NODE_IMAGE=node:24[-.\w]*/);
    expect(dockerfile).toContain('npm ci --omit=dev');
    const users = instructions.filter((line) => line.startsWith('USER '));
    expect(users.pop()).toMatch(/^USER [1-9]\d*(:\d+)?$/);
  });

  it('builds with the compiler that npm run build uses', () => {
    expect(packageJson.scripts.build).toBe('nest build');
    const build = instructions.find((line) => line.includes('nest.js build'))!;
    const script = build.replace(/^RUN node /, '').split(' ')[0];
    expect(existsSync(join(ROOT, script))).toBe(true);
  });

  it('has a HEALTHCHECK on the liveness endpoint', () => {
    expect(instructions.find((line) => line.startsWith('HEALTHCHECK'))).toContain('/health/live');
  });

  it('.dockerignore keeps secrets, tests, local builds and node_modules out of the context', () => {
    for (const entry of ['.git', 'node_modules', 'dist', 'test', '.env', '**/*.spec.ts', 'helm']) {
      expect(dockerignore).toContain(entry);
    }
  });
});

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as {
    services: Record<string, Record<string, unknown>>;
  };
  const service = compose.services['mcp-kubernetes-server'];

  it('builds this Dockerfile and mounts the kubeconfig read-only where the image looks for it', () => {
    expect(service.build).toBe('.');
    expect(service.volumes).toContain('~/.kube/config:/app/.kube/config:ro');
    expect(dockerfile).toContain('HOME=/app');
  });

  it('requires a JWT secret and runs with a read-only root filesystem', () => {
    const environment = service.environment as Record<string, string>;
    expect(environment.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?/);
    expect(environment.NODE_ENV).toBe('production');
    expect(service.read_only).toBe(true);
    expect(service.tmpfs).toEqual(['/tmp']);
    expect(service.cap_drop).toEqual(['ALL']);
  });
});
