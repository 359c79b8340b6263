import { categoryOf } from './stream-category';

describe('categoryOf', () => {
  it('is the stream name up to the first "-"', () => {
    expect(categoryOf('partner-acme')).toBe('partner');
    expect(categoryOf('opportunity-acme-corp')).toBe('opportunity');
    expect(categoryOf('statement-acme-2026-Q1')).toBe('statement');
  });

  it('keeps categories whose own name has a "-" whole', () => {
    expect(categoryOf('program-terms')).toBe('program-terms');
  });

  it('is the whole name for a stream without "-"', () => {
    expect(categoryOf('singleton')).toBe('singleton');
  });
});
