/**
 * Global guard (ADR 0005): every route needs `Authorization: Bearer <token>` (401 otherwise)
 * unless @Public; the key's role must be in @Roles (403 otherwise). No @Roles = admin only.
 */
import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ApiKeyService } from './api-key.service';
import { IS_PUBLIC } from './public.decorator';
import type { Role } from './role';
import { ALLOWED_ROLES } from './roles.decorator';

const ADMIN_ONLY: readonly Role[] = ['admin'];

@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const principal = this.keys.authenticate(request.headers.authorization);
    if (!principal) {
      throw new UnauthorizedException(
        request.headers.authorization
          ? 'The API key is invalid or revoked'
          : 'Missing API key: send "Authorization: Bearer <token>"',
      );
    }
    request.principal = principal;

    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets) ?? ADMIN_ONLY;
    if (!allowed.includes(principal.role)) {
      throw new ForbiddenException(`This operation requires one of the roles: ${allowed.join(', ')} (your key: ${principal.role})`);
    }
    return true;
  }
}
