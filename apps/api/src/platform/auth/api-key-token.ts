/**
 * API key tokens: `lk_<keyId>_<secret>`; keyId = 8 random bytes (hex), secret = 32 random bytes
 * (base64url, 43 chars). Only SHA-256(secret) is stored (ADR 0005): a 256-bit random secret
 * cannot be brute-forced, so a slow password hash would add latency without adding security.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const TOKEN = /^lk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface ParsedToken {
  readonly keyId: string;
  readonly secret: string;
}

export interface NewToken extends ParsedToken {
  readonly token: string;
  readonly secretHash: Buffer;
}

export function newToken(): NewToken {
  const keyId = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { keyId, secret, token: `lk_${keyId}_${secret}`, secretHash: hashSecret(secret) };
}

export function parseToken(token: string): ParsedToken | null {
  const match = TOKEN.exec(token);
  return match ? { keyId: match[1]!, secret: match[2]! } : null;
}

export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/** Constant-time comparison of the presented secret with the stored hash. */
export function secretMatches(secret: string, storedHash: Buffer): boolean {
  const presented = hashSecret(secret);
  return presented.length === storedHash.length && timingSafeEqual(presented, storedHash);
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}
