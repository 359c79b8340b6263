/** Word lists for fictitious partner and customer names (deterministic picks from the demo PRNG). */
import type { Prng } from './prng';

const PREFIXES = [
  'Blue', 'North', 'Silver', 'Granite', 'Harbor', 'Summit', 'Cedar', 'Iron', 'Bright', 'Clear', 'Swift', 'Maple', 'Oak', 'River',
  'Stone', 'Pine', 'Red', 'Golden', 'Prairie', 'Coastal', 'Alpine', 'Lake', 'Copper', 'Falcon', 'Aspen', 'Beacon', 'Crescent',
  'Evergreen', 'Highland', 'Keystone', 'Liberty', 'Meridian', 'Orchard', 'Pioneer', 'Quarry', 'Redwood', 'Sterling', 'Tidal',
  'Union', 'Vista', 'Willow', 'Zenith', 'Atlas', 'Birch', 'Cobalt', 'Delta', 'Ember', 'Fjord',
];
const CORES = [
  'Logistics', 'Dental', 'Foods', 'Analytics', 'Freight', 'Health', 'Bank', 'Credit Union', 'Insurance', 'Manufacturing',
  'Robotics', 'Energy', 'Solar', 'Retail', 'Outfitters', 'Pharma', 'Labs', 'Media', 'Publishing', 'Telecom', 'Aerospace',
  'Marine', 'Farms', 'Textiles', 'Furniture', 'Hotels', 'Clinics', 'Motors', 'Steel', 'Chemicals', 'Brewing', 'Software',
  'Semiconductors', 'Packaging', 'Construction', 'Realty', 'Airlines', 'Rail', 'Water', 'Utilities',
];
/** Legal suffixes D-2 strips from the opportunity key. */
const LEGAL = ['Inc', 'Inc.', 'LLC', 'Ltd', 'Corp', 'Corporation', 'GmbH', 'Limited', '', ''];
const PARTNER_CORES = ['Consulting', 'Solutions', 'Systems', 'Advisors', 'Partners', 'Digital', 'Integrations', 'Technologies', 'Services', 'Cloud'];
const FIRST = ['Ana', 'Ben', 'Chloe', 'Dev', 'Elif', 'Femi', 'Grace', 'Hiro', 'Ines', 'Jon', 'Kira', 'Liam', 'Maya', 'Noah', 'Olga', 'Priya', 'Quinn', 'Rosa', 'Sam', 'Tariq', 'Uma', 'Vik', 'Wen', 'Yara', 'Zoe'];
const LAST = ['Abbott', 'Baker', 'Chen', 'Diaz', 'Eriksen', 'Fischer', 'Garcia', 'Haddad', 'Ito', 'Jensen', 'Kowalski', 'Larsen', 'Moreau', 'Nakamura', 'Okafor', 'Patel', 'Rossi', 'Silva', 'Tanaka', 'Novak', 'Weber', 'Young'];

/** Customer company names, unique by construction (prefix × core, then a numbered site). */
export class CompanyNames {
  private readonly used = new Set<string>();

  next(rng: Prng): string {
    for (;;) {
      const base = `${rng.pick(PREFIXES)} ${rng.pick(CORES)}`;
      const name = this.used.has(base) ? `${base} ${rng.pick(['East', 'West', 'Pacific', 'Atlantic', 'Central', 'International'])}` : base;
      if (this.used.has(name)) continue;
      this.used.add(name);
      return name;
    }
  }
}

export function withLegalSuffix(rng: Prng, name: string): string {
  const suffix = rng.pick(LEGAL);
  return suffix === '' ? name : `${name}${rng.chance(0.5) ? ', ' : ' '}${suffix}`;
}

/** D-2: another partner's spelling of the same company (case, punctuation, legal suffix). */
export function nameVariant(rng: Prng, name: string): string {
  const variants = [name.toUpperCase(), `${name} Incorporated`, `${name}, L.L.C.`, name.toLowerCase(), `  ${name}  `];
  return rng.pick(variants);
}

export function partnerName(rng: Prng, index: number): string {
  return `${rng.pick(PREFIXES)} ${rng.pick(PARTNER_CORES)} ${index + 1}`;
}

export function personName(rng: Prng): { first: string; last: string } {
  return { first: rng.pick(FIRST), last: rng.pick(LAST) };
}

export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
