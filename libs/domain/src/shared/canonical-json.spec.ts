import { canonicalJson, NonCanonicalJsonError } from './canonical-json';

describe('canonicalJson (S-7: byte-identical read models)', () => {
  it('sorts object keys recursively and writes no whitespace', () => {
    const a = { b: 1, a: { y: [{ d: 1, c: 2 }], x: 'é"\n' } };
    const b = { a: { x: 'é"\n', y: [{ c: 2, d: 1 }] }, b: 1 };
    expect(canonicalJson(a)).toBe('{"a":{"x":"é\\"\\n","y":[{"c":2,"d":1}]},"b":1}');
    expect(canonicalJson(b)).toBe(canonicalJson(a));
  });

  it('keeps array order, writes scalars as JSON and omits undefined properties', () => {
    expect(canonicalJson([3, 1, 2])).toBe('[3,1,2]');
    expect(canonicalJson({ n: null, t: true, f: false, z: -0, e: 1e21, u: undefined })).toBe(
      '{"e":1e+21,"f":false,"n":null,"t":true,"z":0}',
    );
    expect(canonicalJson(Object.assign(Object.create(null) as object, { k: 'v' }))).toBe('{"k":"v"}');
  });

  it('round-trips: parsing then serialising again gives the same text', () => {
    const text = canonicalJson({ lines: [{ amount: '12345', rule: 'R-1', at: '2026-03-31' }], total: '12345' });
    expect(canonicalJson(JSON.parse(text))).toBe(text);
  });

  it.each([
    ['bigint', { amount: 1n }, /\$\.amount: bigint is not allowed, store it as a string/],
    ['NaN', { rate: Number.NaN }, /\$\.rate: NaN is not a finite number/],
    ['Infinity', [Number.POSITIVE_INFINITY], /\$\[0\]: Infinity is not a finite number/],
    ['undefined in an array', [undefined], /\$\[0\]: undefined is only allowed/],
    ['a Date', { at: new Date(0) }, /\$\.at: only plain objects are allowed/],
    ['a Map', { m: new Map() }, /\$\.m: only plain objects are allowed/],
    ['a function', { f: () => 1 }, /\$\.f: function is not JSON/],
  ])('refuses %s', (_label, value, message) => {
    expect(() => canonicalJson(value)).toThrow(NonCanonicalJsonError);
    expect(() => canonicalJson(value)).toThrow(message);
  });
});
