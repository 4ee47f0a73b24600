export {
  AuditLogger,
  type AuditOutcome,
  type AuditTarget,
  type ToolCallAuditEvent,
} from './audit/audit.logger.js';
export { AuthModule } from './auth.module.js';
export { LocalAccessModule } from './local-access.module.js';
export { LocalUser } from './local/local-user.js';
export { Roles } from './guards/roles.decorator.js';
export { hashPassword, verifyPassword } from './local/password-hasher.js';
export { AccessPolicy } from './policy/access-policy.js';
export { CallerFactory, type Identity } from './caller.factory.js';
export {
  BUILT_IN_CAPABILITIES,
  BUILT_IN_ROLES,
  builtInRoleAllows,
} from './policy/built-in-roles.js';
export { IS_PUBLIC_KEY, Public } from './public.decorator.js';
export { applyHttpTimeouts } from './transport/http-timeouts.js';
export { applyTransportSecurity, httpsOptions } from './transport/transport-security.js';
