import { exceedsJsonDepth } from './json-nesting-limit';

describe('exceedsJsonDepth', () => {
  it('counts nesting of objects and arrays, not brackets inside strings', () => {
    expect(exceedsJsonDepth('{"a":[{"b":1}]}', 3)).toBe(false);
    expect(exceedsJsonDepth('{"a":[{"b":[1]}]}', 3)).toBe(true);
    expect(exceedsJsonDepth(`{"s":"${'['.repeat(100)}"}`, 2)).toBe(false);
    expect(exceedsJsonDepth('{"s":"\\"[[[[","t":1}', 1)).toBe(false);
    expect(exceedsJsonDepth('['.repeat(65) + ']'.repeat(65), 64)).toBe(true);
  });
});
