import { AppConfig, durationToSeconds } from '#config';
import type { Caller } from '#mcp';
import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Injectable,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import type { Request } from 'express';

import { AuditLogger } from '../audit/audit.logger.js';
import { CallerFactory } from '../caller.factory.js';
import { presentedCredential, rememberCredential } from '../credential.js';
import type { LocalUser } from '../local/users-file.js';
import { UsersStore } from '../local/users.store.js';
import { API_TOKEN_ID, apiTokenId, matchesHash, newApiToken } from './api-token-secret.js';
import { ApiTokenStore, type ApiTokenRecord } from './api-token.store.js';
import { roleWithin } from './role-narrowing.js';
import type { ApiTokenView, CreateApiTokenDto, CreatedApiToken } from './create-api-token.dto.js';

export const MAX_API_TOKENS_PER_USER = 25;
const DEFAULT_LIFETIME_SECONDS = 30 * 86400;
const LAST_USED_RESOLUTION_MS = 60_000;
const NEW_TOKEN = 'create a new one with POST /auth/tokens';

type AuthenticatedRequest = Request & { user?: Caller };

/**
 * Per-user API tokens for integrations (Dify and the like) that need a credential longer than
 * a login token. Only a local account signed in with a login token manages its own tokens. A
 * token acts as its owner with at most the roles and namespaces the users file gives the owner
 * at the time of each request (narrowed further if asked at creation), and stops working when
 * the owner leaves the file, when revoked, or at its expiry (at most AUTH_API_TOKEN_MAX_LIFETIME).
 */
@Injectable()
export class ApiTokensService {
  constructor(
    private readonly config: AppConfig,
    private readonly store: ApiTokenStore,
    private readonly users: UsersStore,
    private readonly callers: CallerFactory,
    private readonly audit: AuditLogger,
  ) {}

  async create(req: AuthenticatedRequest, body: CreateApiTokenDto): Promise<CreatedApiToken> {
    const owner = this.managingUser(req);
    const lifetime = this.lifetimeOf(body.expires_in);
    const roles = narrowingOrFail('roles', body.roles, owner.roles, roleWithin);
    const namespaces = narrowingOrFail(
      'namespaces',
      body.namespaces,
      owner.namespaces,
      (asked, granted) => granted.includes('*') || granted.includes(asked),
    );
    const existing = await this.store.listByOwner(owner.name);
    if (existing.length >= MAX_API_TOKENS_PER_USER) {
      throw new ConflictException(
        `You already have ${existing.length} API tokens, the most allowed; revoke one with DELETE /auth/tokens/<id> first`,
      );
    }
    const secret = newApiToken();
    const now = Date.now();
    const record: ApiTokenRecord = {
      id: secret.id,
      owner: owner.name,
      name: body.name,
      hash: secret.hash,
      ...(roles ? { roles } : {}),
      ...(namespaces ? { namespaces } : {}),
      createdAt: now,
      expiresAt: now + lifetime * 1000,
    };
    await this.store.add(record);
    this.audit.credential({
      action: 'api_token_created',
      user: owner.name,
      tokenId: record.id,
      sourceIp: req.ip,
    });
    return { ...view(record), token: secret.token };
  }

  async list(req: AuthenticatedRequest): Promise<ApiTokenView[]> {
    const owner = this.managingUser(req);
    const records = await this.store.listByOwner(owner.name);
    return records.sort((a, b) => a.createdAt - b.createdAt).map(view);
  }

  async revoke(req: AuthenticatedRequest, id: string): Promise<void> {
    const owner = this.managingUser(req);
    if (!API_TOKEN_ID.test(id)) {
      throw new BadRequestException(
        'An API token id is 16 hexadecimal characters (the "id" from GET /auth/tokens)',
      );
    }
    const record = await this.store.get(id);
    // Another user's token gets the same answer as a missing one: ids reveal nothing.
    if (!record || record.owner !== owner.name) {
      throw new NotFoundException(
        `You have no API token with id "${id}"; GET /auth/tokens lists yours`,
      );
    }
    await this.store.remove(record);
    this.audit.credential({
      action: 'api_token_revoked',
      user: owner.name,
      tokenId: id,
      sourceIp: req.ip,
    });
  }

  /** Revokes the API token that authenticated this request (POST /auth/logout). */
  async revokePresented(id: string): Promise<void> {
    const record = await this.store.get(id);
    if (record) await this.store.remove(record);
  }

  /** Verifies a bearer API token and returns the Caller it acts as. */
  async authenticate(token: string, req: Request): Promise<Caller> {
    const id = apiTokenId(token);
    if (!id) {
      throw new UnauthorizedException(
        `API token is malformed (expected mcpk_<id>_<secret>); copy it again, or ${NEW_TOKEN}`,
      );
    }
    const record = await this.store.get(id);
    if (!record || !matchesHash(token, record.hash) || record.expiresAt <= Date.now()) {
      throw new UnauthorizedException(`API token is unknown, revoked or expired; ${NEW_TOKEN}`);
    }
    const owner = this.users.find(record.owner);
    if (!owner) {
      throw new UnauthorizedException(
        `The owner of this API token, "${record.owner}", is no longer a local account (not in the users file); ask an administrator`,
      );
    }
    const now = Date.now();
    if (!record.lastUsedAt || now - record.lastUsedAt >= LAST_USED_RESOLUTION_MS) {
      await this.store.touch(record, now);
    }
    rememberCredential(req, {
      kind: 'api-token',
      id,
      expiresAt: Math.floor(record.expiresAt / 1000),
    });
    return this.callers.fromIdentity({
      subject: owner.name,
      roles: record.roles
        ? record.roles.filter((role) => roleWithin(role, owner.roles))
        : owner.roles,
      namespaces: record.namespaces
        ? narrow(owner.namespaces, record.namespaces)
        : owner.namespaces,
    });
  }

  private managingUser(req: AuthenticatedRequest): LocalUser {
    const credential = presentedCredential(req);
    if (credential?.kind === 'api-token') {
      throw new ForbiddenException(
        'An API token cannot manage API tokens; sign in with POST /auth/login and use that token',
      );
    }
    const user = credential && req.user ? this.users.find(req.user.subject) : undefined;
    if (!user) {
      throw new ForbiddenException(
        'API tokens belong to local accounts (AUTH_USERS_FILE): sign in with POST /auth/login and manage them with that token',
      );
    }
    return user;
  }

  private lifetimeOf(expiresIn: string | undefined): number {
    const maximum = this.config.auth.apiTokenMaxLifetimeSeconds;
    if (expiresIn === undefined) return Math.min(DEFAULT_LIFETIME_SECONDS, maximum);
    const seconds = durationToSeconds(expiresIn);
    if (seconds <= 0) throw new BadRequestException('expires_in must be longer than 0');
    if (seconds > maximum) {
      throw new BadRequestException(
        `expires_in (${expiresIn}) is longer than API tokens may live here (AUTH_API_TOKEN_MAX_LIFETIME, ${Math.floor(maximum / 86400)} days); ask for ${Math.floor(maximum / 86400)}d or less`,
      );
    }
    return seconds;
  }
}

function view(record: ApiTokenRecord): ApiTokenView {
  return {
    id: record.id,
    name: record.name,
    roles: record.roles ?? null,
    namespaces: record.namespaces ?? null,
    created_at: new Date(record.createdAt).toISOString(),
    expires_at: new Date(record.expiresAt).toISOString(),
    last_used_at: record.lastUsedAt ? new Date(record.lastUsedAt).toISOString() : null,
  };
}

/** `asked` when it only narrows `granted`; undefined when nothing was asked; 400 otherwise. */
function narrowingOrFail(
  field: 'roles' | 'namespaces',
  asked: string[] | undefined,
  granted: string[],
  within: (item: string, granted: string[]) => boolean,
): string[] | undefined {
  if (asked === undefined) return undefined;
  const unique = [...new Set(asked)];
  const beyond = unique.filter((item) => !within(item, granted));
  if (beyond.length > 0) {
    throw new BadRequestException(
      `${field} may only narrow yours (${granted.join(', ')}); not yours: ${beyond.join(', ')}`,
    );
  }
  return unique;
}

/** The namespaces both lists allow, `*` meaning all. */
function narrow(granted: string[], asked: string[]): string[] {
  if (granted.includes('*')) return asked;
  if (asked.includes('*')) return granted;
  return asked.filter((namespace) => granted.includes(namespace));
}
