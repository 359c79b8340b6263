/**
 * S-3: the seal of an issued statement — a hash (SHA-256 hex in production) over the canonical JSON
 * of what the statement says. The hash function is a parameter: the domain imports no Node
 * built-ins; the concrete SHA-256 lives outside libs/domain.
 */
import { canonicalJson } from '../shared/canonical-json';
import type { StatementIssued } from './statement.events';

export type HashFunction = (text: string) => string;

export type SealedContent = Pick<
  StatementIssued['data'],
  'partnerId' | 'quarter' | 'currency' | 'lines' | 'totals' | 'termsVersion' | 'throughPosition'
>;

export function sealStatement(content: SealedContent, hash: HashFunction): string {
  const { partnerId, quarter, currency, lines, totals, termsVersion, throughPosition } = content;
  return hash(canonicalJson({ partnerId, quarter, currency, lines, totals, termsVersion, throughPosition }));
}
