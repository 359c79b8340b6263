import type { CommandMeta } from '@ledger/application';
import type { FastifyRequest } from 'fastify';
import { commandMetaFrom } from '../platform/idempotency/command-id';

/** A-1 metadata for a command issued over HTTP, with the acting partner for partner keys. */
export function httpCommandMeta(request: FastifyRequest): CommandMeta {
  const meta = commandMetaFrom(request);
  const principal = request.principal;
  return principal?.role === 'partner' && principal.partnerId ? { ...meta, actingPartnerId: principal.partnerId } : meta;
}
