import { TOOL_ACCESS_POLICY, TOOL_CALL_AUDIT } from '#mcp';
import { Global, Module } from '@nestjs/common';

import { AuditLogger } from './audit/audit.logger.js';
import { LocalUser } from './local/local-user.js';
import { AccessPolicy } from './policy/access-policy.js';

/**
 * The tool access policy and the audit log without the HTTP side (login, guards, rate limits):
 * for the stdio mode, whose only caller is the local user.
 */
@Global()
@Module({
  providers: [
    AccessPolicy,
    AuditLogger,
    LocalUser,
    { provide: TOOL_ACCESS_POLICY, useExisting: AccessPolicy },
    { provide: TOOL_CALL_AUDIT, useExisting: AuditLogger },
  ],
  exports: [TOOL_ACCESS_POLICY, TOOL_CALL_AUDIT, LocalUser],
})
export class LocalAccessModule {}
