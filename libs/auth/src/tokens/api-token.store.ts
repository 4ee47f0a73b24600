import { Inject, Injectable, Optional, ServiceUnavailableException } from '@nestjs/common';
import type { Redis } from 'ioredis';

import { AUTH_REDIS } from '../auth-redis.js';

/** What is kept of an API token: never the token itself, only its SHA-256. */
export interface ApiTokenRecord {
  id: string;
  owner: string;
  name: string;
  hash: string;
  /** Roles and namespaces asked for at creation; absent: all of the owner's. */
  roles?: string[];
  namespaces?: string[];
  /** Milliseconds since the epoch. */
  createdAt: number;
  expiresAt: number;
  lastUsedAt?: number;
}

const PREFIX = 'mcp-kubernetes:api-token:';
const recordKey = (id: string): string => `${PREFIX}${id}`;
const lastUsedKey = (id: string): string => `${PREFIX}${id}:last-used`;
const ownerKey = (owner: string): string => `${PREFIX}owner:${owner}`;

/**
 * API tokens by id. With REDIS_URL they are shared by every replica and outlive restarts as
 * long as Redis keeps its data; each record expires in Redis with the token. Without Redis they
 * live in this process: fine for one replica, but a restart forgets them (owners must create
 * new ones). The last-used time is kept beside the record so updating it never rewrites it.
 */
@Injectable()
export class ApiTokenStore {
  private readonly local = new Map<string, ApiTokenRecord>();

  constructor(@Optional() @Inject(AUTH_REDIS) private readonly redis?: Redis) {}

  async add(record: ApiTokenRecord): Promise<void> {
    if (!this.redis) {
      this.local.set(record.id, { ...record });
      return;
    }
    const ttl = record.expiresAt - Date.now();
    await this.reach(
      this.redis
        .multi()
        .set(recordKey(record.id), JSON.stringify(record), 'PX', ttl)
        .sadd(ownerKey(record.owner), record.id)
        .exec(),
    );
  }

  async get(id: string): Promise<ApiTokenRecord | undefined> {
    if (!this.redis) {
      const record = this.local.get(id);
      if (record && record.expiresAt <= Date.now()) this.local.delete(id);
      return record && record.expiresAt > Date.now() ? { ...record } : undefined;
    }
    const [raw, lastUsed] = await this.reach(this.redis.mget(recordKey(id), lastUsedKey(id)));
    if (!raw) return undefined;
    const record = JSON.parse(raw) as ApiTokenRecord;
    return lastUsed ? { ...record, lastUsedAt: Number(lastUsed) } : record;
  }

  async listByOwner(owner: string): Promise<ApiTokenRecord[]> {
    if (!this.redis) {
      const ids = [...this.local.values()].filter((r) => r.owner === owner).map((r) => r.id);
      return this.many(ids);
    }
    const ids = await this.reach(this.redis.smembers(ownerKey(owner)));
    const records = await this.many(ids);
    const gone = ids.filter((id) => !records.some((record) => record.id === id));
    if (gone.length) await this.reach(this.redis.srem(ownerKey(owner), ...gone));
    return records;
  }

  async remove(record: ApiTokenRecord): Promise<void> {
    if (!this.redis) {
      this.local.delete(record.id);
      return;
    }
    await this.reach(
      this.redis
        .multi()
        .del(recordKey(record.id), lastUsedKey(record.id))
        .srem(ownerKey(record.owner), record.id)
        .exec(),
    );
  }

  async touch(record: ApiTokenRecord, when: number): Promise<void> {
    if (!this.redis) {
      const stored = this.local.get(record.id);
      if (stored) stored.lastUsedAt = when;
      return;
    }
    const ttl = record.expiresAt - when;
    if (ttl > 0) await this.reach(this.redis.set(lastUsedKey(record.id), String(when), 'PX', ttl));
  }

  private async many(ids: string[]): Promise<ApiTokenRecord[]> {
    const records = await Promise.all(ids.map((id) => this.get(id)));
    return records.filter((record): record is ApiTokenRecord => record !== undefined);
  }

  private async reach<T>(operation: Promise<T>): Promise<T> {
    try {
      return await operation;
    } catch (error) {
      throw new ServiceUnavailableException(
        `Cannot reach Redis for API tokens (${(error as Error).message}); try again shortly`,
      );
    }
  }
}
