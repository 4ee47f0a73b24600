import { AppConfig } from '#config';
import { Controller, Get, NotFoundException, Req } from '@nestjs/common';
import type { Request } from 'express';

import { Public } from '../public.decorator.js';
import { publicBaseUrl } from './challenge.js';

export interface ProtectedResourceMetadata {
  resource: string;
  authorization_servers: string[];
  bearer_methods_supported: string[];
  resource_name: string;
}

/** OAuth 2.0 Protected Resource Metadata (RFC 9728), naming the OIDC issuer MCP clients sign in with. */
@Public()
@Controller('.well-known/oauth-protected-resource')
export class ProtectedResourceController {
  constructor(private readonly config: AppConfig) {}

  @Get()
  server(@Req() req: Request): ProtectedResourceMetadata {
    return this.metadata(publicBaseUrl(this.config, req));
  }

  @Get('mcp')
  mcp(@Req() req: Request): ProtectedResourceMetadata {
    return this.metadata(`${publicBaseUrl(this.config, req)}/mcp`);
  }

  private metadata(resource: string): ProtectedResourceMetadata {
    const oidc = this.config.auth.oidc;
    if (!oidc || !this.config.auth.enabled) {
      throw new NotFoundException(
        'No OIDC issuer is configured (OIDC_ISSUER_URL); sign in with POST /auth/login',
      );
    }
    return {
      resource,
      authorization_servers: [oidc.issuerUrl],
      bearer_methods_supported: ['header'],
      resource_name: 'Kubernetes MCP server',
    };
  }
}
