/**
 * D-2: the opportunity key, which names the opportunity stream (`opportunityStreamId(key)`).
 * Two registrations with the same key are the same opportunity (D-3 decides between them).
 *
 * - With a company domain: the bare host name, lower-case, without scheme, `www.`, user info,
 *   port, path, query or trailing dot: "https://www.ACME.com:443/x" → "acme.com".
 * - Otherwise the normalized company name: Unicode NFKD without diacritics, lower-case,
 *   `&` → "and", dots and apostrophes dropped ("A.C.M.E." = "ACME", "l.l.c." = "llc"), other
 *   punctuation as a word break ("Smith-Jones" = "Smith Jones"), trailing legal suffixes removed
 *   repeatedly ("Acme Pty Ltd" → "acme"; a dangling "and" goes too: "Smith & Co" → "smith"),
 *   words joined with "-": "ACME, Inc." = "Acme Inc" = "  acme   incorporated " → "acme".
 *   A name made only of a legal suffix keeps it ("Company" → "company"): never empty by stripping.
 *
 * Name keys never contain a dot and domain keys always do, so the two never collide.
 */
import { DomainError } from '../shared/domain-error';

const LEGAL_SUFFIXES = new Set([
  'inc', 'incorporated', 'llc', 'ltd', 'limited', 'gmbh', 'corp', 'corporation', 'co', 'company',
  'sa', 'sarl', 'plc', 'ag', 'bv', 'nv', 'pty', 'srl', 'spa', 'oy', 'ab', 'as', 'kk',
]);

/** The normalized company name as a key ("acme-widgets"); '' when nothing is left. */
export function normalizeCompanyName(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[.'’‘`´]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((w) => w.length > 0);
  while (words.length > 1 && LEGAL_SUFFIXES.has(words[words.length - 1]!)) {
    words.pop();
    if (words.length > 1 && words[words.length - 1] === 'and') words.pop();
  }
  return words.join('-');
}

const LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;

/** The bare, lower-case host name ("acme.com"), or null when it is not a domain name. */
export function normalizeCompanyDomain(domain: string): string | null {
  const host = domain
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/[/?#].*$/, '')
    .replace(/^.*@/, '')
    .replace(/:\d*$/, '')
    .replace(/\.+$/, '')
    .replace(/^www\./, '');
  const labels = host.split('.');
  const valid =
    host.length <= 253 &&
    labels.length >= 2 &&
    labels.every((l) => LABEL.test(l)) &&
    !/^\d+$/.test(labels[labels.length - 1]!);
  return valid ? host : null;
}

export interface CompanyIdentity {
  readonly companyName: string;
  /** Optional; blank counts as absent. */
  readonly companyDomain?: string | null;
}

/** D-2: the opportunity key; throws a D-2 validation error when no key can be derived. */
export function opportunityKey({ companyName, companyDomain }: CompanyIdentity): string {
  if (typeof companyDomain === 'string' && companyDomain.trim().length > 0) {
    const domain = normalizeCompanyDomain(companyDomain);
    if (domain === null) {
      throw DomainError.validation([{ field: 'companyDomain', message: 'must be a domain name such as "acme.com" (D-2)' }], 'D-2');
    }
    return domain;
  }
  const name = typeof companyName === 'string' ? normalizeCompanyName(companyName) : '';
  if (name === '') {
    throw DomainError.validation([{ field: 'companyName', message: 'must contain at least one letter or digit (D-2)' }], 'D-2');
  }
  return name;
}
