import type { Caller } from '#mcp';
import {
  ForbiddenException,
  Injectable,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import { AccessPolicy } from '../policy/access-policy.js';
import { IS_PUBLIC_KEY } from '../public.decorator.js';
import { REQUIRED_ROLES_KEY } from './roles.decorator.js';

/**
 * Runs after authentication: a caller needs at least one known role to use any protected
 * route, and one of the @Roles(...) of the route when it names some.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly policy: AccessPolicy,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) return true;
    const caller = context.switchToHttp().getRequest<{ user?: Caller }>().user;
    if (!caller) throw new ForbiddenException('No authenticated caller');
    if (!caller.roles.some((role) => this.policy.knows(role))) {
      const held = caller.roles.length
        ? `roles ${caller.roles.join(', ')} are unknown here`
        : 'no roles';
      throw new ForbiddenException(
        `User "${caller.subject}" has ${held}; an administrator must grant viewer, operator, admin or a role from the policy file`,
      );
    }
    const required = this.reflector.getAllAndOverride<string[] | undefined>(
      REQUIRED_ROLES_KEY,
      targets,
    );
    if (required?.length && !required.some((role) => caller.roles.includes(role))) {
      throw new ForbiddenException(`This action needs one of the roles: ${required.join(', ')}`);
    }
    return true;
  }
}
