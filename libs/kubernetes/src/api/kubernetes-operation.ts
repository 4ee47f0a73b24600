/**
 * Names a Kubernetes API request for metrics as "<verb> <resource>[/<subresource>]", e.g.
 * "list pods", "get pods/log", "patch deployments/scale", "watch events", "discovery".
 * Namespace and object names are left out on purpose: they would make one series per object.
 */
export function kubernetesOperation(
  method: string,
  path: string,
  query: Record<string, unknown> = {},
): string {
  const segments = path.split('?')[0]!.split('/').filter(Boolean);
  const versioned = resourceSegments(segments);
  // Deprecated /watch/ prefix: the same resources, watched.
  const legacyWatch = versioned?.[0] === 'watch';
  const rest = legacyWatch ? versioned!.slice(1) : versioned;
  if (rest === undefined) return otherPath(method, segments);
  if (rest.length === 0) return 'discovery';
  const [resource, name, subresource] = isNamespaced(rest) ? rest.slice(2) : rest;
  if (!isLabelSafe(resource!) || (subresource && !isLabelSafe(subresource))) return 'other';
  const target = subresource ? `${resource}/${subresource}` : resource!;
  const verb = legacyWatch ? 'watch' : verbOf(method.toUpperCase(), name !== undefined, query);
  return `${verb} ${target}`;
}

// namespaces/<ns>/<resource>..., except the namespace object's own subresources.
function isNamespaced(rest: string[]): boolean {
  if (rest[0] !== 'namespaces' || rest.length < 3) return false;
  return !(rest.length === 3 && NAMESPACE_SUBRESOURCES.has(rest[2]!));
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

// Resource and subresource names are lowercase DNS names; anything else gets a shared label.
function isLabelSafe(segment: string): boolean {
  return /^[a-z][a-z0-9.-]{0,62}$/.test(segment);
}

/** The segments after /api/<version> or /apis/<group>/<version>; undefined for other paths. */
function resourceSegments(segments: string[]): string[] | undefined {
  if (segments[0] === 'api') return segments.slice(2);
  if (segments[0] === 'apis') return segments.slice(3);
  return undefined;
}

function verbOf(method: string, named: boolean, query: Record<string, unknown>): string {
  if (method === 'GET') {
    if (query['watch'] === true || query['watch'] === 'true' || query['watch'] === 1)
      return 'watch';
    return named ? 'get' : 'list';
  }
  if (method === 'DELETE') return named ? 'delete' : 'deletecollection';
  const verbs: Record<string, string> = { POST: 'create', PUT: 'update', PATCH: 'patch' };
  return verbs[method] ?? method.toLowerCase();
}

// Non-resource paths (/version, /healthz, /openapi/v3/...): the first segment only.
function otherPath(method: string, segments: string[]): string {
  const first = segments[0] ?? '';
  return `${method.toLowerCase()} /${/^[a-z][a-z0-9-]{0,30}$/.test(first) ? first : 'other'}`;
}
