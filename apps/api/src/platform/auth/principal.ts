import { ForbiddenException } from '@nestjs/common';
import type { Role } from './role';

/** The authenticated caller: the API key that signed the request. */
export interface Principal {
  readonly keyId: string;
  readonly role: Role;
  /** Set for `partner` keys only. */
  readonly partnerId: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the ApiKeyGuard on every authenticated request. */
    principal?: Principal;
  }
}

/** True when the principal may see data of `partnerId`: every non-partner role, or the partner itself. */
export function isInPartnerScope(principal: Principal, partnerId: string): boolean {
  return principal.role !== 'partner' || principal.partnerId === partnerId;
}

/**
 * For routes that NAME a partner (`/partners/:partnerId/...`): a partner key may only touch its own
 * partnerId → 403. The check runs before any lookup and answers the same for existing and unknown
 * partners, so it reveals nothing. For resources looked up by their own id (a registration, a
 * statement), use `isInPartnerScope` after the lookup and answer 404 (ADR 0005).
 */
export function assertPartnerScope(principal: Principal, partnerId: string): void {
  if (!isInPartnerScope(principal, partnerId)) {
    throw new ForbiddenException('A partner API key may only access its own partner');
  }
}
