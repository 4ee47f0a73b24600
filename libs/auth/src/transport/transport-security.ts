import type { AppConfig } from '#config';
import { Logger, type INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { readFileSync } from 'node:fs';

import { answerClientErrors, headersSetBy } from './client-error-answer.js';

/** HTTPS options when TLS_CERT_FILE and TLS_KEY_FILE are set; undefined serves plain HTTP. */
export function httpsOptions(config: AppConfig): { cert: Buffer; key: Buffer } | undefined {
  const { tlsCertFile, tlsKeyFile } = config.auth.transport;
  if (!tlsCertFile || !tlsKeyFile) return undefined;
  return { cert: readFileSync(tlsCertFile), key: readFileSync(tlsKeyFile) };
}

/**
 * Security headers (helmet, also on the answers Node gives before Express), the CORS allowlist (CORS_ORIGINS) and Express "trust proxy"
 * (TRUST_PROXY), applied before any route. The MCP session and protocol headers are exposed
 * to allowed browser origins so web MCP clients work.
 */
export function applyTransportSecurity(app: INestApplication, config: AppConfig): void {
  const express = app as NestExpressApplication;
  const { corsOrigins, trustProxy } = config.auth.transport;
  express.set('trust proxy', trustProxy);
  const securityHeaders = helmet({
    contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  });
  express.use(securityHeaders);
  answerClientErrors(express.getHttpServer(), headersSetBy(securityHeaders));
  if (corsOrigins.length > 0) {
    const anyOrigin = corsOrigins.includes('*');
    if (anyOrigin)
      new Logger('Security').warn(
        'CORS_ORIGINS=* lets any web page call this server from a browser',
      );
    express.enableCors({
      origin: anyOrigin ? true : corsOrigins,
      methods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
      allowedHeaders: [
        'Authorization',
        'Content-Type',
        'Accept',
        'Mcp-Session-Id',
        'Mcp-Protocol-Version',
        'Last-Event-ID',
        'X-Request-Id',
      ],
      exposedHeaders: ['Mcp-Session-Id', 'WWW-Authenticate', 'Retry-After', 'X-Request-Id'],
      maxAge: 600,
    });
  }
}
