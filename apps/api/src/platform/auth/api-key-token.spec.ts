import { bearerToken, hashSecret, newToken, parseToken, secretMatches } from './api-key-token';

describe('API key tokens (ADR 0005)', () => {
  it('formats lk_<keyId>_<secret> with a 256-bit secret and parses it back', () => {
    const t = newToken();
    expect(t.token).toMatch(/^lk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(t.secret, 'base64url')).toHaveLength(32);
    expect(parseToken(t.token)).toEqual({ keyId: t.keyId, secret: t.secret });
    expect(newToken().token).not.toBe(t.token);
  });

  it('stores only SHA-256(secret) and compares in constant time', () => {
    const t = newToken();
    expect(t.secretHash.equals(hashSecret(t.secret))).toBe(true);
    expect(t.secretHash.toString('hex')).not.toContain(Buffer.from(t.secret).toString('hex'));
    expect(secretMatches(t.secret, t.secretHash)).toBe(true);
    expect(secretMatches(newToken().secret, t.secretHash)).toBe(false);
  });

  it('rejects malformed tokens', () => {
    for (const bad of ['', 'lk_', 'lk_0123_abc', `xx_0123456789abcdef_${'A'.repeat(43)}`, `lk_0123456789ABCDEF_${'A'.repeat(43)}`]) {
      expect(parseToken(bad)).toBeNull();
    }
  });

  it('reads the token of a Bearer Authorization header only', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken('Bearer a b')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });
});
