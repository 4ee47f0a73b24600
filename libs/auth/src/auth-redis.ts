/**
 * Injection token of the Redis connection auth state shares across replicas (revoked tokens,
 * API tokens). It is the rate limiter's connection (REDIS_URL), not another client; the
 * provider is absent without REDIS_URL, and the stores then keep their state in memory.
 */
export const AUTH_REDIS = Symbol('AUTH_REDIS');
