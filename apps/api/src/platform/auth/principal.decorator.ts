import { createParamDecorator, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Principal as PrincipalValue } from './principal';

/** Injects the authenticated principal `{ keyId, role, partnerId }` (never on @Public routes). */
export const Principal = createParamDecorator((_data: unknown, ctx: ExecutionContext): PrincipalValue => {
  const principal = ctx.switchToHttp().getRequest<FastifyRequest>().principal;
  if (!principal) throw new UnauthorizedException('No authenticated principal on this request');
  return principal;
});
