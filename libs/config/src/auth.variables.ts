import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, Min, MinLength } from 'class-validator';

import {
  BOOLEAN_MESSAGE,
  CLAIM_NAME,
  DURATION,
  GROUP_MAPPING,
  HEADER_NAME,
  HTTP_URL,
  TRUST_PROXY,
  toBoolean,
  toInteger,
} from './variable-formats.js';
import { ServerVariables } from './server.variables.js';

/** Identity and access: login tokens, SSO, auth proxy, impersonation, rate limits, TLS. */
export class AuthVariables extends ServerVariables {
  @Transform(toBoolean)
  @IsBoolean({ message: BOOLEAN_MESSAGE })
  AUTH_ENABLED = true;

  @IsOptional()
  @IsString()
  JWT_SECRET?: string;

  @Matches(DURATION, { message: 'must be a duration such as 3600, 90s, 15m, 24h or 7d' })
  JWT_EXPIRES_IN = '24h';

  @Matches(DURATION, { message: 'must be a duration such as 12h, 3d or 7d' })
  JWT_MAX_LIFETIME = '3d';

  @Matches(DURATION, { message: 'must be a duration such as 30d, 90d or 365d' })
  AUTH_API_TOKEN_MAX_LIFETIME = '90d';

  @Transform(toBoolean)
  @IsBoolean({ message: BOOLEAN_MESSAGE })
  ALLOW_INSECURE_PRODUCTION = false;

  // --- Identity and access (libs/auth) ---
  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'must be the path of a YAML or JSON users file, or unset' })
  AUTH_USERS_FILE?: string;

  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'must be the path of a YAML or JSON policy file, or unset' })
  AUTH_POLICY_FILE?: string;

  @Matches(/^\S+$/, {
    message: 'must name the issuer written into login tokens (no spaces), e.g. mcp-kubernetes',
  })
  JWT_ISSUER = 'mcp-kubernetes';

  @Matches(/^\S+$/, {
    message: 'must name the audience written into login tokens (no spaces), e.g. mcp-kubernetes',
  })
  JWT_AUDIENCE = 'mcp-kubernetes';

  @IsOptional()
  @Matches(HTTP_URL, {
    message:
      'must be the http(s) URL of an OpenID Connect issuer, e.g. https://login.example.com/realms/ops',
  })
  OIDC_ISSUER_URL?: string;

  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'must be the audience (client id) OIDC tokens are issued for' })
  OIDC_AUDIENCE?: string;

  @Matches(CLAIM_NAME, { message: 'must be a claim name such as groups or realm_access.roles' })
  OIDC_ROLES_CLAIM = 'groups';

  @Matches(CLAIM_NAME, { message: 'must be a claim name such as sub, email or preferred_username' })
  OIDC_USERNAME_CLAIM = 'sub';

  @IsOptional()
  @Matches(GROUP_MAPPING, {
    message:
      'must be comma-separated group=value|value entries, e.g. ops=admin,devs=operator|viewer',
  })
  AUTH_GROUP_ROLES?: string;

  @IsOptional()
  @Matches(GROUP_MAPPING, {
    message: 'must be comma-separated group=value|value entries, e.g. devs=team-a|team-b,ops=*',
  })
  AUTH_GROUP_NAMESPACES?: string;

  @IsOptional()
  @Matches(HEADER_NAME, { message: 'must be an HTTP header name, e.g. X-Forwarded-User' })
  AUTH_PROXY_USER_HEADER?: string;

  @IsOptional()
  @Matches(HEADER_NAME, { message: 'must be an HTTP header name, e.g. X-Forwarded-Groups' })
  AUTH_PROXY_GROUPS_HEADER?: string;

  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'must be a comma-separated list of proxy IP addresses or CIDR ranges' })
  AUTH_PROXY_TRUSTED_IPS?: string;

  @IsOptional()
  @Matches(HTTP_URL, {
    message: 'must be the external base URL of this server, e.g. https://mcp.example.com',
  })
  PUBLIC_URL?: string;

  @Transform(toBoolean)
  @IsBoolean({ message: BOOLEAN_MESSAGE })
  K8S_IMPERSONATE = false;

  @Matches(DURATION, { message: 'must be a duration such as 60, 90s, 15m or 1h' })
  RATE_LIMIT_WINDOW = '1m';

  @Transform(toInteger)
  @IsInt({ message: 'must be a whole number of requests per window (0 turns the limit off)' })
  @Min(0, { message: 'must be a whole number of requests per window (0 turns the limit off)' })
  RATE_LIMIT_MAX = 300;

  @Matches(DURATION, { message: 'must be a duration such as 60, 90s, 15m or 1h' })
  LOGIN_RATE_LIMIT_WINDOW = '15m';

  @Transform(toInteger)
  @IsInt({ message: 'must be a whole number of login attempts per window (0 turns the limit off)' })
  @Min(0, {
    message: 'must be a whole number of login attempts per window (0 turns the limit off)',
  })
  LOGIN_RATE_LIMIT_MAX = 10;

  @IsOptional()
  @IsString()
  @MinLength(1, {
    message:
      'must be a comma-separated list of allowed browser origins, e.g. https://app.example.com',
  })
  CORS_ORIGINS?: string;

  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'must be the path of a PEM certificate file, or unset' })
  TLS_CERT_FILE?: string;

  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'must be the path of a PEM private key file, or unset' })
  TLS_KEY_FILE?: string;

  @Matches(TRUST_PROXY, {
    message:
      'must be false, true, a hop count, or comma-separated proxy addresses/CIDRs (e.g. loopback,10.0.0.0/8)',
  })
  TRUST_PROXY = 'false';
}
