/** S-3: the concrete SHA-256 (hex) for statement seals; the domain takes the hash as a parameter. */
import { createHash } from 'node:crypto';
import type { HashFunction } from '@ledger/domain/statement/statement-seal';

export const sha256Hex: HashFunction = (text) => createHash('sha256').update(text, 'utf8').digest('hex');
