import { SetMetadata } from '@nestjs/common';
import type { Role } from './role';

export const ALLOWED_ROLES = 'ledger:allowedRoles';

/**
 * Roles allowed on a route or controller (method overrides class). A non-public route WITHOUT
 * @Roles is admin-only: forgetting the decorator restricts, never exposes (ADR 0005).
 */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ALLOWED_ROLES, roles);
