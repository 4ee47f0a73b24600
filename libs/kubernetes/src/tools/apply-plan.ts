import { resourcePath, type ApiResource } from '../api/api-resource.js';
import { ToolInputError } from '../api/kubernetes-api.error.js';
import type { ClusterConnection } from '../cluster-access.js';
import { describeKubernetesError, type ErrorTarget } from '../kubernetes-errors.js';
import type { KubernetesObject } from '../output/sanitize-object.js';
import { objectLabel, type ParsedDocument } from './manifest-documents.js';

/** One manifest document, resolved to where it would be written. */
export interface PlannedDocument {
  document: number;
  /** `deployment.apps/web`, or `?` when the document is unusable. */
  label: string;
  object?: KubernetesObject;
  type?: ApiResource;
  namespace?: string;
  path?: string;
  /** Why the document cannot be applied (bad YAML, missing fields, namespace mismatch). */
  error?: string;
  /**
   * The live object's resourceVersion when its merged result was checked: the write carries it,
   * so it fails instead of merging with an object someone changed since.
   */
  expectedResourceVersion?: string;
  /** An earlier document this one may be written only after (an autoscaler's new target). */
  requires?: PlannedDocument;
}

/**
 * Resolves every document's kind and namespace before anything is written, so access is
 * decided for the whole request at once. A kind that is not served yet (a CRD applied in the
 * same request) is left unresolved and resolved again when its turn comes.
 */
export async function planDocuments(
  connection: ClusterConnection,
  documents: ParsedDocument[],
  namespaceParameter: string | undefined,
): Promise<PlannedDocument[]> {
  const plans: PlannedDocument[] = [];
  for (const document of documents) {
    if (document.error !== undefined) {
      plans.push({ document: document.index, label: '?', error: document.error });
      continue;
    }
    const plan: PlannedDocument = {
      document: document.index,
      label: objectLabel(document.object),
      object: document.object,
    };
    const type = await connection
      .resolveKind(document.object.apiVersion!, document.object.kind!)
      .catch(() => undefined);
    try {
      // Unresolved kinds are retried at apply time; a namespace mismatch is final.
      if (type) placeDocument(plan, type, connection, namespaceParameter);
    } catch (error) {
      plan.error = describeKubernetesError(error);
    }
    plans.push(plan);
  }
  return plans;
}

/** Fills in the type, namespace and API path of a document whose kind is known. */
export function placeDocument(
  plan: PlannedDocument,
  type: ApiResource,
  connection: ClusterConnection,
  namespaceParameter: string | undefined,
): void {
  const object = plan.object!;
  plan.type = type;
  plan.label = objectLabel(object, type.group);
  if (type.namespaced) {
    const own = object.metadata!.namespace;
    plan.namespace = own ?? namespaceParameter ?? connection.defaultNamespace;
    if (namespaceParameter && own && namespaceParameter !== own) {
      throw new ToolInputError(
        `the document's namespace "${own}" does not match the namespace parameter "${namespaceParameter}"`,
      );
    }
  }
  plan.path = resourcePath(type, plan.namespace, object.metadata!.name);
}

/** What the audit log records for a request: the object, or what all its documents share. */
export function commonTarget(plans: PlannedDocument[]): ErrorTarget {
  const placed = plans.filter((plan) => plan.object);
  const shared = <T>(values: T[]): T | undefined =>
    values.length > 0 && values.every((value) => value === values[0]) ? values[0] : undefined;
  return {
    type: shared(placed.map((plan) => plan.type)),
    namespace: shared(placed.map((plan) => plan.namespace)),
    name: placed.length === 1 ? placed[0]!.object!.metadata!.name : undefined,
  };
}
