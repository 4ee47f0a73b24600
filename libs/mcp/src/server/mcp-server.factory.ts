import {
  ProtocolError,
  ProtocolErrorCode,
  ResourceNotFoundError,
  Server,
  type CallToolResult,
  type Prompt,
  type Resource,
  type ListResourceTemplatesResult,
} from '@modelcontextprotocol/server';
import { AppConfig } from '#config';
import { Inject, Injectable } from '@nestjs/common';

import { ANONYMOUS_ADMIN, type Caller } from '../registry/caller.js';
import type { McpPromptHandler } from '../registry/mcp-prompt.js';
import type { ResourceDescriptor } from '../registry/mcp-resource.js';
import { McpRegistry } from '../registry/mcp-registry.service.js';
import { callerFrom } from './caller-auth-info.js';
import { ConfirmationPending } from './call-confirmation.js';
import { elicitingAsker } from './elicitation-asker.js';
import { interimReporter } from './interim-output.js';
import { registerResourceSubscriptions } from './resource-subscriptions.js';
import { SUPPORTED_PROTOCOL_VERSIONS } from './protocol-versions.js';
import { titlePlacementFor } from './tool-descriptor.js';
import { ToolInvoker } from './tool-invoker.service.js';
import { explainUnknownMethods } from './unknown-method.js';
import { describeZodIssues } from './zod-json-schema.js';

type ResourceTemplateDescriptor = ListResourceTemplatesResult['resourceTemplates'][number];

const SERVER_INFO = { name: 'mcp-kubernetes-server', version: '0.1.0' };
// Sent once at initialize: what every tool shares is said here rather than in each schema.
const INSTRUCTIONS = [
  'Manage Kubernetes clusters like kubectl: list tools with tools/list; every tool describes its arguments.',
  'Read-only tools are safe to call freely; destructive ones say so in their annotations.',
  "Without `namespace`, a tool uses the cluster context's default namespace (or yours, when you may use only one).",
  '`context` picks a cluster: kubectl_contexts lists them; without it, the default one is used.',
].join(' ');

/**
 * Builds one SDK `Server` per connection (or per request, when sessionless) wired to the
 * registry. Every handler reads the caller from the request's auth info, so one session
 * always acts as whoever sent the current request.
 */
@Injectable()
export class McpServerFactory {
  private readonly authEnabled: boolean;

  constructor(
    private readonly registry: McpRegistry,
    private readonly tools: ToolInvoker,
    @Inject(AppConfig) config: AppConfig,
  ) {
    this.authEnabled = config.auth.enabled;
  }

  /**
   * `caller` is who a request without HTTP auth info acts as (the local user in stdio mode).
   * Without one, such a request is the anonymous admin when auth is off, and refused when on.
   * `agreedProtocolVersion` is what a session adopted from another replica negotiated there:
   * this Server never sees that initialize.
   */
  create(caller?: Caller, agreedProtocolVersion?: string): Server {
    const connectionCaller = caller ?? (this.authEnabled ? undefined : ANONYMOUS_ADMIN);
    const who = (ctx: Parameters<typeof callerFrom>[0]): Caller =>
      callerFrom(ctx, connectionCaller);
    const server = new Server(SERVER_INFO, {
      capabilities: { tools: {}, resources: { subscribe: true }, prompts: {}, logging: {} },
      instructions: INSTRUCTIONS,
      supportedProtocolVersions: [...SUPPORTED_PROTOCOL_VERSIONS],
    });
    server.setRequestHandler('tools/list', (_request, ctx) => ({
      // On 2026-07-28 requests this is that revision; on 2025-era sessions, what initialize agreed.
      tools: this.tools.list(
        who(ctx),
        titlePlacementFor(server.getNegotiatedProtocolVersion() ?? agreedProtocolVersion),
      ),
    }));
    server.setRequestHandler('tools/call', (request, ctx) =>
      this.tools
        .call(
          who(ctx),
          request.params.name,
          request.params.arguments,
          ctx.mcpReq.signal,
          String(ctx.mcpReq.id),
          interimReporter(ctx, request.params.name, request.params._meta?.progressToken),
          elicitingAsker(server, ctx),
        )
        .catch((error: unknown) => {
          // 2026-07-28: the confirmation question goes back as input_required.
          if (error instanceof ConfirmationPending) return error.result as CallToolResult;
          throw error;
        }),
    );
    server.setRequestHandler('resources/list', async (_request, ctx) => ({
      resources: (await this.describedResources(who(ctx)))
        .filter((item) => item.uri !== undefined)
        .map((item) => item as Resource),
    }));
    server.setRequestHandler('resources/templates/list', async (_request, ctx) => ({
      resourceTemplates: (await this.describedResources(who(ctx)))
        .filter((item) => item.uriTemplate !== undefined)
        .map((item) => item as ResourceTemplateDescriptor),
    }));
    server.setRequestHandler('resources/read', async (request, ctx) => {
      const uri = request.params.uri;
      const provider = this.registry.resources().find((candidate) => candidate.canRead(uri));
      if (!provider) {
        throw new ResourceNotFoundError(
          uri,
          `Resource "${uri}" not found. Call resources/list or resources/templates/list to see what exists.`,
        );
      }
      const contents = await provider.read(uri, {
        caller: who(ctx),
        signal: ctx.mcpReq.signal,
      });
      return { contents };
    });
    server.setRequestHandler('prompts/list', () => ({
      prompts: this.registry.prompts().map((prompt) => describePrompt(prompt)),
    }));
    server.setRequestHandler('prompts/get', async (request, ctx) => {
      const prompt = this.registry.prompt(request.params.name);
      if (!prompt) {
        throw new ProtocolError(
          ProtocolErrorCode.InvalidParams,
          `Unknown prompt "${request.params.name}". Call prompts/list to see the available prompts.`,
        );
      }
      const args = prompt.argsSchema.safeParse(request.params.arguments ?? {});
      if (!args.success) {
        throw new ProtocolError(
          ProtocolErrorCode.InvalidParams,
          `Invalid arguments for prompt "${prompt.name}": ${describeZodIssues(args.error)}`,
        );
      }
      const result = await prompt.get(args.data, {
        caller: who(ctx),
        signal: ctx.mcpReq.signal,
      });
      return { ...result, messages: result.messages.map((message) => ({ ...message })) };
    });
    registerResourceSubscriptions(server, this.registry, connectionCaller);
    explainUnknownMethods(server);
    return server;
  }

  private async describedResources(caller: Caller): Promise<ResourceDescriptor[]> {
    const lists = await Promise.all(
      this.registry.resources().map((provider) => provider.list(caller)),
    );
    return lists.flat();
  }
}

function describePrompt(prompt: McpPromptHandler): Prompt {
  const shape = prompt.argsSchema.shape as Record<
    string,
    { description?: string; isOptional(): boolean }
  >;
  return {
    name: prompt.name,
    ...(prompt.title ? { title: prompt.title } : {}),
    description: prompt.description,
    arguments: Object.entries(shape).map(([name, schema]) => ({
      name,
      ...(schema.description ? { description: schema.description } : {}),
      required: !schema.isOptional(),
    })),
  };
}
