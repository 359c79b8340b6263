/**
 * The expected role matrix (ADR 0005) computed from route metadata: for each route and each caller
 * — the six roles, no key, a revoked key, a forged key — whether the ApiKeyGuard lets it through
 * (`allowed`), refuses the role (403) or refuses the credentials (401). The e2e test asserts every
 * cell over HTTP; `renderRoleMatrix` is the committed docs/role-matrix.md.
 */
import { ROLES, type Role } from '../../../apps/api/src/platform/auth/role';
import type { RouteInfo } from './route-catalog';

export const ANONYMOUS_CALLERS = ['no key', 'revoked key', 'forged key'] as const;
export type Caller = Role | (typeof ANONYMOUS_CALLERS)[number];
export const CALLERS: readonly Caller[] = [...ROLES, ...ANONYMOUS_CALLERS];

export type Access = 'allowed' | 401 | 403;

export function expectedAccess(route: RouteInfo, caller: Caller): Access {
  if (route.isPublic) return 'allowed';
  if ((ANONYMOUS_CALLERS as readonly string[]).includes(caller)) return 401;
  return route.allowedRoles.includes(caller as Role) ? 'allowed' : 403;
}

/** Routes a partner key reaches only for its own partner: `:partnerId` in the path or `partnerId` in the body. */
export function namesPartner(route: RouteInfo, bodyFields: readonly string[]): boolean {
  return route.params.includes('partnerId') || bodyFields.includes('partnerId');
}

export function renderRoleMatrix(routes: readonly RouteInfo[], partnerScoped: (route: RouteInfo) => boolean): string {
  const cell = (route: RouteInfo, caller: Caller): string => {
    const access = expectedAccess(route, caller);
    if (access !== 'allowed') return String(access);
    return caller === 'partner' && partnerScoped(route) ? '✅ own' : '✅';
  };
  const header = `| Route | ${CALLERS.join(' | ')} |`;
  const rule = `|---|${CALLERS.map(() => ':-:').join('|')}|`;
  const rows = routes.map((r) => `| \`${r.method} ${r.path}\` | ${CALLERS.map((c) => cell(r, c)).join(' | ')} |`);
  const allowed = (caller: Caller) => routes.filter((r) => expectedAccess(r, caller) === 'allowed').length;
  const counts = CALLERS.map((c) => `| ${c} | ${allowed(c)} | ${routes.length - allowed(c)} |`);
  return [
    '# Role matrix',
    '',
    'Who may call which route of the HTTP API (ADR 0005). **Generated** from the running app’s route',
    'metadata (`@Roles`, `@Public`; a route without `@Roles` is admin-only) by',
    '`WRITE_ROLE_MATRIX=1 npx jest test/api/role-matrix.e2e.spec.ts`, which also asserts every cell',
    'over real HTTP: 401 and 403 are RFC 9457 problems and append no event; an allowed caller is never',
    'answered 401 or 403. Regenerate it after adding or changing a route.',
    '',
    '- ✅ the guard lets the caller through (the handler may still answer 400/404/422);',
    '- ✅ own — a `partner` key only for its own partner id (`:partnerId` in the path or `partnerId` in',
    '  the body); any other partner id → 403, and nothing is appended;',
    '- 403 — the key’s role is not allowed; 401 — no key, a revoked key or a forged key',
    '  (`WWW-Authenticate: Bearer`).',
    '',
    'Partner keys are also scoped on routes that do not name a partner: they see only their own',
    'registrations in an opportunity timeline and only events naming their partner alone in `/events`',
    'and `/feed`; another partner’s resources answer 403/404 (partner-isolation test).',
    '',
    header,
    rule,
    ...rows,
    '',
    `## Totals (${routes.length} routes)`,
    '',
    '| Caller | allowed | refused |',
    '|---|--:|--:|',
    ...counts,
    '',
  ].join('\n');
}
