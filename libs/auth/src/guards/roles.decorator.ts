import { SetMetadata } from '@nestjs/common';

export const REQUIRED_ROLES_KEY = 'auth:roles';

/** Limits a route or controller to callers holding at least one of the roles. */
export const Roles = (...roles: string[]): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_ROLES_KEY, roles);
