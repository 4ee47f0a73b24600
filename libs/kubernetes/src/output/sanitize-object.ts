const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export type KubernetesObject = {
  apiVersion?: string;
  kind?: string;
  metadata?: Record<string, unknown> & {
    name?: string;
    namespace?: string;
    annotations?: Record<string, string>;
    managedFields?: unknown;
  };
  [key: string]: unknown;
};

/**
 * Prepares an object for a model: drops managedFields and the last-applied annotation (noise,
 * and the annotation can hold a Secret's data) and masks Secret values unless `revealSecrets`.
 */
export function sanitizeObject<T extends KubernetesObject>(object: T, revealSecrets: boolean): T {
  const copy = structuredClone(object);
  if (copy.metadata) {
    delete copy.metadata.managedFields;
    if (copy.metadata.annotations) {
      delete copy.metadata.annotations[LAST_APPLIED];
      if (Object.keys(copy.metadata.annotations).length === 0) delete copy.metadata.annotations;
    }
  }
  if (copy.kind === 'Secret' && !revealSecrets) maskSecret(copy);
  return copy;
}

/** Replaces each Secret value with its size, keeping the keys a model needs to reason about. */
export function maskSecret(secret: KubernetesObject): void {
  for (const field of ['data', 'stringData'] as const) {
    const values = secret[field] as Record<string, string> | undefined;
    if (!values || typeof values !== 'object') continue;
    for (const key of Object.keys(values)) {
      const bytes =
        field === 'data'
          ? Buffer.from(values[key] ?? '', 'base64').length
          : Buffer.byteLength(values[key] ?? '');
      values[key] = `<redacted: ${bytes} bytes>`;
    }
  }
}
