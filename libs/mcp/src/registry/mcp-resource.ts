import { applyDecorators, Injectable, SetMetadata } from '@nestjs/common';

import type { Caller } from './caller.js';

export const MCP_RESOURCE_METADATA = 'mcp:resource';

/** A resource (fixed URI) or resource template (RFC 6570 URI template) as clients list it. */
export interface ResourceDescriptor {
  /** Fixed URI, e.g. `k8s://namespaces`. Exactly one of `uri` and `uriTemplate` is set. */
  uri?: string;
  /** URI template, e.g. `k8s://namespaces/{namespace}/pods`. */
  uriTemplate?: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
}

export interface ResourceContents {
  uri: string;
  mimeType?: string;
  text: string;
}

export interface ResourceReadContext {
  caller: Caller;
  signal: AbortSignal;
}

/**
 * A provider of MCP resources: lists what it offers and reads the URIs it owns. Decorate
 * it with @McpResource() and provide it in any module; the MCP registry discovers it.
 */
export interface McpResourceProvider {
  /** Fixed resources and templates this provider serves (may depend on the caller). */
  list(caller: Caller): Promise<ResourceDescriptor[]> | ResourceDescriptor[];
  /** True when this provider serves `uri` (a fixed URI or a match of one of its templates). */
  canRead(uri: string): boolean;
  /** Reads `uri`; throw an Error with a user-facing message when it does not exist. */
  read(uri: string, context: ResourceReadContext): Promise<ResourceContents[]>;
  /**
   * Optional resources/subscribe support: start watching `uri` and call `onUpdated` on each
   * change; resolve to a function that stops watching.
   */
  subscribe?(uri: string, context: ResourceReadContext, onUpdated: () => void): Promise<() => void>;
}

/** Marks a provider as an MCP resource provider for discovery. */
export function McpResource(): ClassDecorator {
  return applyDecorators(Injectable(), SetMetadata(MCP_RESOURCE_METADATA, true));
}
