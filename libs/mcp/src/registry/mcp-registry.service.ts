import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';

import { MCP_PROMPT_METADATA, type McpPromptHandler } from './mcp-prompt.js';
import { MCP_RESOURCE_METADATA, type McpResourceProvider } from './mcp-resource.js';
import { MCP_TOOL_METADATA, type McpToolHandler } from './mcp-tool.js';

/**
 * Every tool, resource provider and prompt in the application, found by decorator
 * discovery at start-up, so feature modules add their own without touching the transports.
 */
@Injectable()
export class McpRegistry implements OnModuleInit {
  private readonly logger = new Logger(McpRegistry.name);
  private readonly toolsByName = new Map<string, McpToolHandler>();
  private readonly promptsByName = new Map<string, McpPromptHandler>();
  private resourceProviders: McpResourceProvider[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    for (const tool of this.instancesMarkedWith<McpToolHandler>(MCP_TOOL_METADATA)) {
      this.addUnique(this.toolsByName, tool.name, tool, 'tool');
    }
    for (const prompt of this.instancesMarkedWith<McpPromptHandler>(MCP_PROMPT_METADATA)) {
      this.addUnique(this.promptsByName, prompt.name, prompt, 'prompt');
    }
    this.resourceProviders = this.instancesMarkedWith<McpResourceProvider>(MCP_RESOURCE_METADATA);
    this.logger.log(
      `Registered ${this.toolsByName.size} tools, ${this.promptsByName.size} prompts, ` +
        `${this.resourceProviders.length} resource providers`,
    );
  }

  tools(): McpToolHandler[] {
    return [...this.toolsByName.values()];
  }

  tool(name: string): McpToolHandler | undefined {
    return this.toolsByName.get(name);
  }

  prompts(): McpPromptHandler[] {
    return [...this.promptsByName.values()];
  }

  prompt(name: string): McpPromptHandler | undefined {
    return this.promptsByName.get(name);
  }

  resources(): McpResourceProvider[] {
    return this.resourceProviders;
  }

  private instancesMarkedWith<T>(metadataKey: string): T[] {
    const instances = new Set<T>();
    for (const wrapper of this.discovery.getProviders()) {
      const type = wrapper.metatype;
      if (!type || !wrapper.instance || !wrapper.isDependencyTreeStatic()) continue;
      if (this.reflector.get<boolean | undefined>(metadataKey, type as object as never)) {
        instances.add(wrapper.instance as T);
      }
    }
    return [...instances];
  }

  private addUnique<T>(map: Map<string, T>, name: string, item: T, kind: string): void {
    if (map.has(name)) {
      throw new Error(`Two MCP ${kind}s are named "${name}"; every ${kind} name must be unique.`);
    }
    map.set(name, item);
  }
}
