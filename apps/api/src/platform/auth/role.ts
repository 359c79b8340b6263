/** API roles (ADR 0005). A `partner` key is bound to one partnerId; every other role is not. */
export const ROLES = ['admin', 'finance', 'partner-manager', 'partner', 'ingest', 'subscriber'] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
