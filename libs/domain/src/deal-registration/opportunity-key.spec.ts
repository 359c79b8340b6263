import fc from 'fast-check';
import { DomainError } from '../shared/domain-error';
import { opportunityStreamId } from '../shared/stream-ids';
import { normalizeCompanyDomain, normalizeCompanyName, opportunityKey } from './opportunity-key';

const key = (companyName: string, companyDomain?: string | null) => opportunityKey({ companyName, companyDomain });

describe('opportunityKey (D-2)', () => {
  it('D-2: "ACME, Inc." ≡ "Acme Inc" ≡ "  acme   incorporated " ≡ "ACME" → "acme"', () => {
    for (const name of ['ACME, Inc.', 'Acme Inc', '  acme   incorporated ', 'ACME', 'acme', 'Acme, Inc', 'A.C.M.E. Inc.']) {
      expect(key(name)).toBe('acme');
    }
  });

  it('D-2: "ACME, Inc." and "Acme Inc" name the same opportunity stream', () => {
    expect(opportunityStreamId(key('ACME, Inc.'))).toBe(opportunityStreamId(key('Acme Inc')));
    expect(opportunityStreamId(key('ACME, Inc.'))).toBe('opportunity-acme');
  });

  it.each([
    ['Acme LLC', 'acme'],
    ['Acme L.L.C.', 'acme'],
    ['Acme Ltd.', 'acme'],
    ['Acme Limited', 'acme'],
    ['Acme GmbH', 'acme'],
    ['Acme Corp.', 'acme'],
    ['Acme Corporation', 'acme'],
    ['Acme Co.', 'acme'],
    ['Acme Company', 'acme'],
    ['Acme S.A.', 'acme'],
    ['Acme SA', 'acme'],
    ['Acme S.A.R.L.', 'acme'],
    ['Acme PLC', 'acme'],
    ['Acme AG', 'acme'],
    ['Acme B.V.', 'acme'],
    ['Acme N.V.', 'acme'],
    ['Acme Pty Ltd', 'acme'],
    ['Acme Pty. Ltd.', 'acme'],
    ['Acme S.r.l.', 'acme'],
    ['Acme S.p.A.', 'acme'],
    ['Acme Oy', 'acme'],
    ['Acme AB', 'acme'],
    ['Acme AS', 'acme'],
    ['Acme K.K.', 'acme'],
    ['Acme Holdings Co., Ltd.', 'acme-holdings'],
    ['Acme Corp, Inc.', 'acme'],
  ])('D-2: strips the legal suffix of %p', (name, expected) => {
    expect(key(name)).toBe(expected);
  });

  it('D-2: strips diacritics and compatibility forms (NFKD)', () => {
    expect(key('Café Müller GmbH')).toBe('cafe-muller');
    expect(key('CAFE MULLER')).toBe('cafe-muller');
    expect(key('Ｆｕｌｌｗｉｄｔｈ Ｉｎｃ')).toBe('fullwidth'); // full-width letters
    expect(key('Søren Ærø')).toBe('søren-ærø'); // letters without decomposition are kept
  });

  it('D-2: & is "and"; punctuation breaks words; dots and apostrophes join', () => {
    expect(key('Smith & Jones')).toBe('smith-and-jones');
    expect(key('Smith and Jones')).toBe('smith-and-jones');
    expect(key('Smith-Jones LLC')).toBe('smith-jones');
    expect(key('Smith/Jones')).toBe('smith-jones');
    expect(key("O'Brien Consulting")).toBe('obrien-consulting');
    expect(key('O’Brien Consulting')).toBe('obrien-consulting');
    expect(key('AT&T')).toBe('at-and-t');
    expect(key('AT & T Inc.')).toBe('at-and-t');
  });

  it('D-2: a dangling "and" left by "& Co" goes with the suffix', () => {
    expect(key('Smith & Co.')).toBe('smith');
    expect(key('Procter & Gamble Co')).toBe('procter-and-gamble');
  });

  it('D-2: suffixes are removed only at the end, never leaving the key empty', () => {
    expect(key('Inc Solutions')).toBe('inc-solutions');
    expect(key('Company')).toBe('company');
    expect(key('Co. Ltd.')).toBe('co');
  });

  it('D-2: non-Latin scripts keep their letters', () => {
    expect(key('株式会社 トヨタ')).toBe('株式会社-トヨタ');
    expect(key('Газпром')).toBe('газпром');
  });

  it('D-2: keys are safe in a stream name (no spaces, no punctuation other than "-" and the domain\'s ".")', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 60 }), (name) => {
        const k = normalizeCompanyName(name);
        expect(k).toMatch(/^[\p{L}\p{N}-]*$/u);
        expect(k.startsWith('-') || k.endsWith('-') || k.includes('--')).toBe(false);
      }),
    );
  });

  it('D-2: normalization is idempotent on its result', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 60 }), (name) => {
        const k = normalizeCompanyName(name);
        if (k !== '') expect(normalizeCompanyName(k.replace(/-/g, ' '))).toBe(k);
      }),
    );
  });

  it('D-2: the domain wins over the name when supplied', () => {
    expect(key('Acme Inc', 'acme.com')).toBe('acme.com');
    expect(key('Totally Different Name', 'ACME.COM')).toBe('acme.com');
  });

  it.each([
    ['https://www.Acme.com/about?x=1#top', 'acme.com'],
    ['http://acme.com:8080', 'acme.com'],
    ['www.acme.com.', 'acme.com'],
    ['  ACME.com  ', 'acme.com'],
    ['sales@acme.com', 'acme.com'],
    ['acme.co.uk', 'acme.co.uk'],
    ['shop.acme.com', 'shop.acme.com'],
    ['münchen-gmbh.de', 'münchen-gmbh.de'],
  ])('D-2: normalizes the domain %p → %p', (input, expected) => {
    expect(normalizeCompanyDomain(input)).toBe(expected);
  });

  it.each(['acme', 'acme..com', '-acme.com', 'acme-.com', '10.0.0.1', 'acme com', 'http://', '.'])(
    'D-2: %p is not a domain name (field error on companyDomain)',
    (domain) => {
      expect(normalizeCompanyDomain(domain)).toBeNull();
      expect(() => key('Acme', domain)).toThrow(
        expect.objectContaining({ code: 'validation', ruleId: 'D-2', violations: [{ field: 'companyDomain', message: 'must be a domain name such as "acme.com" (D-2)' }] }),
      );
    },
  );

  it('D-2: a blank domain counts as absent', () => {
    expect(key('Acme Inc', '   ')).toBe('acme');
    expect(key('Acme Inc', null)).toBe('acme');
  });

  it.each(['', '   ', '!!!', '...', '—', '\u0301'])('D-2: the name %p leaves nothing: validation error on companyName', (name) => {
    let error: unknown;
    try {
      key(name);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'validation', ruleId: 'D-2', violations: [{ field: 'companyName' }] });
  });
});
