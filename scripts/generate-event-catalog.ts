/**
 * The published event catalog (Issue 7): generated from the TypeScript contracts, never by hand.
 *
 *   npm run catalog                 writes docs/events/*.schema.json and docs/event-catalog.md
 *   npm run catalog -- --out <dir>  writes the same files under <dir>/docs/ (CI compares them)
 *
 * Sources: every `export type X = DomainEvent<'X', {...}>` in libs/domain/src/<context>/*.events.ts
 * (its JSDoc is the event's meaning), the schema versions of libs/application/src/command-path/
 * schema-versions.ts, the envelope metadata of libs/event-store/src/event-store.port.ts and the stream
 * names of libs/domain/src/shared/stream-ids.ts. ts-json-schema-generator turns each event's `data`
 * type into a JSON Schema; the string and number formats a TS type cannot state (T-2 money, T-3
 * times, integers) are added by field name below. Output is deterministic: sorted keys, 2-space JSON.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { DEFAULT_CONFIG, SchemaGenerator, createFormatter, createParser, type CompletedConfig } from 'ts-json-schema-generator';
import * as streamIds from '../libs/domain/src/shared/stream-ids';
import { schemaVersionOf } from '../libs/application/src/command-path/schema-versions';

const ROOT = path.resolve(__dirname, '..');
const DOMAIN_DIR = 'libs/domain/src';
const PORT_FILE = 'libs/event-store/src/event-store.port.ts';
const STREAM_IDS_FILE = 'libs/domain/src/shared/stream-ids.ts';
const ASYNCAPI_FILE = 'docs/asyncapi.yaml';
const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';
const { STREAM_CATEGORIES } = streamIds;

type Schema = { [key: string]: unknown };

/**
 * The stream category of each event, by the narrowest exported union (or alias) of the events files
 * that contains it: `QuarterClosed` (1 member) wins over `StatementEvent` (5). A new union of a new
 * aggregate must be added here, or generation fails naming the event.
 */
const CATEGORY_OF_UNION: Readonly<Record<string, string>> = {
  ProgramTermsEvent: STREAM_CATEGORIES.programTerms,
  PartnerEvent: STREAM_CATEGORIES.partner,
  DealRegistrationEvent: STREAM_CATEGORIES.opportunity,
  RevenueEvent: STREAM_CATEGORIES.payment,
  RenewalEvent: STREAM_CATEGORIES.renewal,
  QuarterClosed: STREAM_CATEGORIES.quarter,
  StatementEvent: STREAM_CATEGORIES.statement,
  SurveyEvent: STREAM_CATEGORIES.survey,
  CertificationEvent: STREAM_CATEGORIES.certification,
  NfrEvent: STREAM_CATEGORIES.nfr,
  TierStandingEvent: STREAM_CATEGORIES.standing,
};

/** T-2: money and other integer amounts travel as decimal strings (see money.ts). */
export const INTEGER_STRING_PATTERN = '^-?(0|[1-9][0-9]{0,17})$';
const CURRENCY_PATTERN = '^[A-Z]{3}$';
const QUARTER_PATTERN = '^[0-9]{4}-Q[1-4]$';
const POSITION_PATTERN = '^[0-9]+$';

/** T-3: ISO calendar dates (program time zone). Every other string field ending in `At` is an instant. */
const DATE_FIELDS = new Set([
  'certificationValidUntil',
  'dueBy',
  'effectiveFrom',
  'expectedCloseDate',
  'goLiveDate',
  'nfrValidUntil',
  'occurredOn',
  'tierEffectiveFrom',
  'trainingDueBy',
  'validFrom',
  'validUntil',
  'windowEnd',
  'windowStart',
]);
const INSTANT_FIELDS = new Set(['approvalDueBy']);
const DATE_LIST_FIELDS = new Set(['holidays']);
const QUARTER_FIELDS = new Set(['quarter', 'concernsQuarter']);
const POSITION_FIELDS = new Set(['throughPosition', 'position', 'revision']);

interface EventContract {
  /** The event type (the `type` literal) = the alias name. */
  readonly type: string;
  readonly context: string;
  readonly file: string;
  readonly doc: string;
  readonly docFromAsyncApi: boolean;
  readonly ruleIds: readonly string[];
  readonly category: string;
  readonly schemaVersion: number;
  readonly schema: Schema;
}

export interface EventCatalog {
  readonly events: readonly EventContract[];
  /** Repository-relative path → file content. */
  readonly files: ReadonlyMap<string, string>;
}

export function generateEventCatalog(root = ROOT): EventCatalog {
  const eventFiles = fs
    .readdirSync(path.join(root, DOMAIN_DIR), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      fs
        .readdirSync(path.join(root, DOMAIN_DIR, d.name))
        .filter((f) => f.endsWith('.events.ts'))
        .map((f) => `${DOMAIN_DIR}/${d.name}/${f}`),
    )
    .sort();
  if (eventFiles.length === 0) throw new Error(`no *.events.ts files under ${DOMAIN_DIR}`);

  const config: CompletedConfig = { ...DEFAULT_CONFIG, expose: 'export', topRef: true, jsDoc: 'extended', additionalProperties: false };
  // Our own program (no glob over a path that may hold glob characters); not type-checked: tsc does that.
  const program = ts.createProgram({ rootNames: [...eventFiles, PORT_FILE].map((f) => path.join(root, f)), options: compilerOptions(root) });
  const checker = program.getTypeChecker();
  const generator = new SchemaGenerator(program, createParser(program, config), createFormatter(config), config);
  const asyncApiSummaries = readAsyncApiSummaries(root);

  const found: Omit<EventContract, 'category'>[] = [];
  const unions = new Map<string, readonly string[]>();
  for (const file of eventFiles) {
    const source = program.getSourceFile(path.join(root, file));
    if (!source) throw new Error(`${file} is not in the program`);
    const context = file.split('/')[3]!;
    for (const statement of source.statements) {
      if (!ts.isTypeAliasDeclaration(statement) || !isExported(statement)) continue;
      const name = statement.name.text;
      const members = eventTypesOf(checker, statement);
      if (members) unions.set(name, members);
      const eventType = domainEventLiteral(statement);
      if (eventType === null) continue;
      if (eventType !== name) throw new Error(`${file}: ${name} must be named after its type literal '${eventType}'`);
      const symbol = checker.getSymbolAtLocation(statement.name)!;
      const jsDoc = oneLine(ts.displayPartsToString(symbol.getDocumentationComment(checker)));
      // A doc comment that only lists rule IDs ("D-6, D-7") says which rules, not what happened.
      const describes = jsDoc.replace(RULE_ID, '').replace(/[^A-Za-z]/g, '') !== '';
      const doc = describes ? jsDoc : (asyncApiSummaries.get(eventType) ?? '');
      if (!doc) throw new Error(`${eventType} (${file}) has no doc comment and no AsyncAPI summary: say what it means`);
      const schema = dataSchema(generator, eventType);
      found.push({
        type: eventType,
        context,
        file,
        doc,
        docFromAsyncApi: !describes,
        ruleIds: sortRuleIds([...ruleIdsIn(jsDoc), ...ruleIdsIn(doc), ...ruleIdsIn(topLevelFieldNotes(schema))]),
        schemaVersion: schemaVersionOf(eventType),
        schema,
      });
    }
  }

  const events = found.map((e): EventContract => ({ ...e, category: categoryOf(e.type, unions) }));
  const duplicates = events.map((e) => e.type).filter((t, i, all) => all.indexOf(t) !== i);
  if (duplicates.length > 0) throw new Error(`event types declared twice: ${duplicates.join(', ')}`);

  const files = new Map<string, string>();
  for (const e of events) {
    files.set(`docs/events/${e.type}.schema.json`, toJson(eventSchema(e)));
  }
  const envelope = envelopeSchema(generator);
  files.set('docs/events/envelope.schema.json', toJson(envelope));
  files.set('docs/event-catalog.md', markdown(events, envelope, streamNamePatterns(root)));
  return { events, files };
}

// ---------------------------------------------------------------- TypeScript contracts

function compilerOptions(root: string): ts.CompilerOptions {
  const read = ts.readConfigFile(path.join(root, 'tsconfig.json'), (f) => ts.sys.readFile(f));
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  return { ...ts.parseJsonConfigFileContent(read.config, ts.sys, root).options, noEmit: true, incremental: false };
}

function isExported(node: ts.TypeAliasDeclaration): boolean {
  return node.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false;
}

/** `DomainEvent<'X', …>` → 'X'; anything else → null. */
function domainEventLiteral(node: ts.TypeAliasDeclaration): string | null {
  const t = node.type;
  if (!ts.isTypeReferenceNode(t) || !ts.isIdentifier(t.typeName) || t.typeName.text !== 'DomainEvent') return null;
  const first = t.typeArguments?.[0];
  if (!first || !ts.isLiteralTypeNode(first) || !ts.isStringLiteral(first.literal)) return null;
  return first.literal.text;
}

/** The `type` literals of an alias whose every member is a `{ type: '…' }` event; null otherwise. */
function eventTypesOf(checker: ts.TypeChecker, node: ts.TypeAliasDeclaration): readonly string[] | null {
  const type = checker.getTypeAtLocation(node.name);
  const members = type.isUnion() ? type.types : [type];
  const literals: string[] = [];
  for (const member of members) {
    const typeProp = member.getProperty('type');
    if (!member.getProperty('data') || !typeProp) return null;
    const literal = checker.getTypeOfSymbol(typeProp);
    if (!literal.isStringLiteral()) return null;
    literals.push(literal.value);
  }
  return literals;
}

function categoryOf(eventType: string, unions: ReadonlyMap<string, readonly string[]>): string {
  const candidates = [...unions]
    .filter(([name, members]) => CATEGORY_OF_UNION[name] !== undefined && members.includes(eventType))
    .sort(([a, x], [b, y]) => x.length - y.length || a.localeCompare(b));
  const narrowest = candidates[0];
  if (!narrowest) throw new Error(`${eventType}: no stream category (add its aggregate's union to CATEGORY_OF_UNION)`);
  return CATEGORY_OF_UNION[narrowest[0]]!;
}

/** Stream name of each category, from the *StreamId functions: `partner-<partnerId>`. */
function streamNamePatterns(root: string): ReadonlyMap<string, string> {
  const file = path.join(root, STREAM_IDS_FILE);
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const patterns = new Map<string, string>();
  for (const [key, category] of Object.entries(STREAM_CATEGORIES)) {
    const fnName = `${key}StreamId`;
    const fn = (streamIds as Record<string, unknown>)[fnName];
    const params = arrowParameters(source, fnName);
    if (typeof fn !== 'function' || !params) throw new Error(`${STREAM_IDS_FILE}: no ${fnName} for the category ${category}`);
    patterns.set(category, (fn as (...args: string[]) => string)(...params.map((p) => `<${p}>`)));
  }
  return patterns;
}

function arrowParameters(source: ts.SourceFile, name: string): string[] | null {
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const d of statement.declarationList.declarations) {
      if (ts.isIdentifier(d.name) && d.name.text === name && d.initializer && ts.isArrowFunction(d.initializer)) {
        return d.initializer.parameters.map((p) => p.name.getText(source));
      }
    }
  }
  return null;
}

/** Fallback meaning for a contract without a doc comment: its message summary in docs/asyncapi.yaml. */
function readAsyncApiSummaries(root: string): ReadonlyMap<string, string> {
  const file = path.join(root, ASYNCAPI_FILE);
  const summaries = new Map<string, string>();
  if (!fs.existsSync(file)) return summaries;
  const text = fs.readFileSync(file, 'utf8');
  const messages = text.slice(text.search(/^ {2}messages:$/m));
  for (const m of messages.matchAll(/^ {4}([A-Za-z0-9]+):\n(?: {6}.*\n)*? {6}summary: (.*)$/gm)) {
    summaries.set(m[1]!, unquoteYaml(m[2]!.trim()));
  }
  return summaries;
}

function unquoteYaml(value: string): string {
  if (value.startsWith("'") && value.endsWith("'")) return value.slice(1, -1).replace(/''/g, "'");
  if (value.startsWith('"') && value.endsWith('"')) return JSON.parse(value) as string;
  return value;
}

// ---------------------------------------------------------------- JSON Schemas

/** The JSON Schema of `X['data']`, with the named types it uses as `definitions`. */
function dataSchema(generator: SchemaGenerator, typeName: string): Schema {
  const full = generator.createSchema(typeName) as Schema;
  const definitions = full.definitions as Record<string, Schema>;
  let node: Schema | undefined = definitions[typeName];
  const seen = new Set<string>();
  while (node && typeof node.$ref === 'string' && !(node.properties as Schema | undefined)?.data) {
    const ref = decodeURIComponent(node.$ref.replace('#/definitions/', ''));
    if (seen.has(ref)) break;
    seen.add(ref);
    node = definitions[ref];
  }
  const data = (node?.properties as Record<string, Schema> | undefined)?.data;
  if (!data) throw new Error(`${typeName}: could not find the schema of its data`);
  const used = referencedDefinitions(data, definitions);
  const schema: Schema = { ...data };
  if (used.size > 0) schema.definitions = Object.fromEntries([...used].map((name) => [name, definitions[name]]));
  return refineFormats(schema);
}

function referencedDefinitions(schema: unknown, definitions: Record<string, Schema>, found = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) {
    for (const s of schema) referencedDefinitions(s, definitions, found);
  } else if (schema && typeof schema === 'object') {
    for (const [key, value] of Object.entries(schema)) {
      if (key === '$ref' && typeof value === 'string') {
        const name = decodeURIComponent(value.replace('#/definitions/', ''));
        if (!definitions[name]) throw new Error(`unresolved $ref ${value}`);
        if (!found.has(name)) {
          found.add(name);
          referencedDefinitions(definitions[name], definitions, found);
        }
      } else {
        referencedDefinitions(value, definitions, found);
      }
    }
  }
  return found;
}

const isStringSchema = (s: Schema): boolean => s.type === 'string' || (Array.isArray(s.type) && s.type.includes('string'));

/**
 * Adds what the TS types cannot say, by field name: T-2 integer strings and currency codes, T-3
 * instants and dates, quarter ids, positions; and every number is an integer (T-2: no floating point
 * in the ledger — amounts, basis points, percent points, counts and years are all integers).
 */
function refineFormats<T>(schema: T, ctx: { readonly integers: boolean } = { integers: true }): T {
  if (Array.isArray(schema)) return schema.map((s) => refineFormats(s, ctx)) as T;
  if (!schema || typeof schema !== 'object') return schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema as Schema)) out[key] = refineFormats(value, ctx);
  if (ctx.integers && out.type === 'number') out.type = 'integer';
  if (ctx.integers && Array.isArray(out.type)) out.type = out.type.map((t: unknown) => (t === 'number' ? 'integer' : t));
  const properties = out.properties as Record<string, Schema> | undefined;
  if (properties) {
    for (const [name, prop] of Object.entries(properties)) properties[name] = refineField(name, prop);
  }
  return out as T;
}

function refineField(name: string, prop: Schema): Schema {
  if (DATE_LIST_FIELDS.has(name) && prop.type === 'array') {
    return { ...prop, items: { ...(prop.items as Schema), format: 'date' } };
  }
  if (!isStringSchema(prop) || prop.const !== undefined || prop.enum !== undefined) return prop;
  if (name === 'amountMinor' || name.endsWith('Minor')) return { ...prop, pattern: INTEGER_STRING_PATTERN };
  if (name === 'currency') return { ...prop, pattern: CURRENCY_PATTERN };
  if (name === 'country') return { ...prop, pattern: '^[A-Z]{2}$' };
  if (DATE_FIELDS.has(name)) return { ...prop, format: 'date' };
  if (INSTANT_FIELDS.has(name) || name.endsWith('At')) return { ...prop, format: 'date-time' };
  if (QUARTER_FIELDS.has(name)) return { ...prop, pattern: QUARTER_PATTERN };
  if (POSITION_FIELDS.has(name)) return { ...prop, pattern: POSITION_PATTERN };
  return prop;
}

function eventSchema(e: EventContract): Schema {
  return {
    $schema: DRAFT_07,
    title: `${e.type} data (schema version ${e.schemaVersion})`,
    description: `${e.doc} (Contract: ${e.file}; stream category: ${e.category}; rules: ${e.ruleIds.join(', ') || 'none'}.)`,
    ...e.schema,
  };
}

/** The recorded event as JSON (recordedEventToJson): ids and positions as strings, metadata from EventMetadata. */
function envelopeSchema(generator: SchemaGenerator): Schema {
  const generated = generator.createSchema('EventMetadata') as Schema;
  const definitions = generated.definitions as Record<string, Schema>;
  const metadata = refineFormats(definitions.EventMetadata!, { integers: false });
  const metadataProps = metadata.properties as Record<string, Schema>;
  metadataProps.schemaVersion = { ...metadataProps.schemaVersion, type: 'integer', minimum: 1, description: 'Version of the data shape (docs/event-catalog.md, "Versions and upcasting").' };
  metadataProps.occurredAt = { ...metadataProps.occurredAt, description: 'T-3: business time (ISO-8601 instant) supplied by the caller.' };
  // The port documents these three on CommandTrace/CommandMetadata, not on EventMetadata.
  metadataProps.correlationId = { ...metadataProps.correlationId, description: 'A-1: id of the whole interaction (HTTP request, import run …); the command id by default.' };
  metadataProps.causationId = { ...metadataProps.causationId, description: 'A-1: the message that caused the command (an event id or a request id); the correlation id by default.' };
  metadataProps.commandId = { ...metadataProps.commandId, description: 'A-1: the command that produced the event; a retried command id appends nothing twice.' };
  metadataProps.recordedAt = { ...metadataProps.recordedAt, description: 'T-3: record time (ISO-8601 instant), when the ledger appended it.' };
  const used = referencedDefinitions(metadata, definitions);
  const categories = Object.values(STREAM_CATEGORIES);
  const prefixed = categories.filter((c) => c !== STREAM_CATEGORIES.programTerms).join('|');
  return {
    $schema: DRAFT_07,
    title: 'Recorded event (envelope)',
    description:
      'A-1, T-3: every event as served by GET /feed and GET /events (recordedEventToJson in ' +
      `${PORT_FILE}). Its data is described by docs/events/<type>.schema.json.`,
    type: 'object',
    additionalProperties: false,
    required: ['id', 'type', 'streamName', 'revision', 'position', 'data', 'metadata'],
    properties: {
      id: { type: 'string', format: 'uuid', description: 'Event id (UUID), stable forever: deduplicate on it.' },
      type: { type: 'string', pattern: '^[A-Z][A-Za-z0-9]*$', description: 'Event type: one of the catalogue.' },
      streamName: {
        type: 'string',
        pattern: `^(${STREAM_CATEGORIES.programTerms}|(${prefixed})-.+)$`,
        description: 'Stream; its category is the part before the first "-" (program-terms is one stream of its own).',
      },
      revision: { type: 'string', pattern: POSITION_PATTERN, description: '0-based revision in the stream (64-bit integer as a decimal string).' },
      position: { type: 'string', pattern: POSITION_PATTERN, description: 'Global position in $all (64-bit integer as a decimal string), opaque and increasing.' },
      data: { type: 'object', description: 'The event data: see docs/events/<type>.schema.json.' },
      metadata,
    },
    ...(used.size > 0 ? { definitions: Object.fromEntries([...used].map((n) => [n, definitions[n]])) } : {}),
  };
}

// ---------------------------------------------------------------- rule IDs

const RULE_ORDER = 'TPDRSCA';
/** "D-3", or a range "C-3..C-5" (expanded, so `grep -rw C-4` finds the event). */
const RULE_ID = /\b([TPDRSCA])-(\d+)(?:\.\.(?:[TPDRSCA]-)?(\d+))?(?![0-9])/g;

/** The doc comments and `ruleId` constants of the event's own fields (not of nested types such as the terms). */
function topLevelFieldNotes(schema: Schema): string {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  return Object.values(properties)
    .flatMap((p) => [p.description, p.const])
    .filter((x): x is string => typeof x === 'string')
    .join('\n');
}

function ruleIdsIn(text: string): string[] {
  const ids: string[] = [];
  for (const m of text.matchAll(RULE_ID)) {
    const from = Number(m[2]);
    const to = m[3] === undefined ? from : Number(m[3]);
    for (let n = from; n <= Math.max(from, to); n++) ids.push(`${m[1]}-${n}`);
  }
  return ids;
}

function sortRuleIds(ids: readonly string[]): string[] {
  const key = (id: string): [number, number] => [RULE_ORDER.indexOf(id[0]!), Number(id.slice(2))];
  return [...new Set(ids)].sort((a, b) => key(a)[0] - key(b)[0] || key(a)[1] - key(b)[1]);
}

// ---------------------------------------------------------------- output

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortKeys((value as Schema)[k])]),
  );
}

const toJson = (value: unknown): string => `${JSON.stringify(sortKeys(value), null, 2)}\n`;
const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();
const cell = (text: string): string => text.replace(/\|/g, '\\|');
const title = (context: string): string => context.charAt(0).toUpperCase() + context.slice(1).replace(/-/g, ' ');

function markdown(events: readonly EventContract[], envelope: Schema, streams: ReadonlyMap<string, string>): string {
  const envelopeProps = envelope.properties as Record<string, Schema>;
  const metadata = envelopeProps.metadata!;
  const metadataProps = metadata.properties as Record<string, Schema>;
  const required = new Set(metadata.required as string[]);
  const contexts = [...new Set(events.map((e) => e.context))];
  const fallback = events.filter((e) => e.docFromAsyncApi);
  const versions = [...new Set(events.map((e) => e.schemaVersion))].sort((a, b) => a - b);

  const lines: string[] = [
    '# Event catalog',
    '',
    '<!-- Generated by `npm run catalog` (scripts/generate-event-catalog.ts). Do not edit by hand:',
    '     test/contracts/event-catalog.spec.ts fails in CI when this page or docs/events/ is stale. -->',
    '',
    `Every fact the ledger records is one of the **${events.length} event types** below. The contracts are the`,
    'TypeScript types in `libs/domain/src/<context>/<context>.events.ts` (the source of truth); this page and',
    'the JSON Schemas in [`docs/events/`](events/) are generated from them. Downstream systems read the events',
    'through the feed ([event-feed.md](event-feed.md), [asyncapi.yaml](asyncapi.yaml)) or natively from',
    'EventStoreDB ([eventstoredb.md](eventstoredb.md)).',
    '',
    '## The envelope',
    '',
    'Each event is served as one JSON object ([envelope.schema.json](events/envelope.schema.json)); its `data`',
    'follows the schema of its type.',
    '',
    '| field | JSON type | meaning |',
    '|---|---|---|',
    ...['id', 'type', 'streamName', 'revision', 'position', 'data'].map(
      (f) => `| \`${f}\` | ${jsonType(envelopeProps[f]!)} | ${cell(String(envelopeProps[f]!.description ?? ''))} |`,
    ),
    ...Object.keys(metadataProps).map(
      (f) =>
        `| \`metadata.${f}\` | ${jsonType(metadataProps[f]!)}${required.has(f) ? '' : ' (optional)'} | ${cell(String(metadataProps[f]!.description ?? ''))} |`,
    ),
    '',
    'A-1: every event carries who issued the command (`actor`), the command id, and the correlation and',
    'causation ids. T-3: `occurredAt` is business time, `recordedAt` the time the ledger appended it. Further',
    'metadata keys may appear (the port allows any JSON value); consumers ignore the ones they do not know.',
    '',
    '## Conventions in every schema',
    '',
    `- **Money (T-2)** is \`{ "amountMinor": "<integer string>", "currency": "USD" }\`: integer minor units as a`,
    `  decimal string (so 64-bit amounts survive JSON), at most 18 digits, pattern \`${INTEGER_STRING_PATTERN}\``,
    `  (a sign only on signed statement amounts), and an ISO 4217 currency code, pattern \`${CURRENCY_PATTERN}\`.`,
    '  Never a floating-point number. Rates are integer basis points (`…Bp`, 3000 = 30%).',
    '- **Times (T-3)**: every string field ending in `At` (and `approvalDueBy`) is an ISO-8601 instant',
    '  (`format: date-time`, e.g. `2026-03-02T15:00:00Z`); the date fields',
    `  (${[...DATE_FIELDS].map((f) => `\`${f}\``).join(', ')}, and the items of \`holidays\`) are ISO calendar`,
    `  dates in the program time zone (\`format: date\`, e.g. \`2026-06-30\`); quarters are \`YYYY-Qn\` (pattern \`${QUARTER_PATTERN}\`).`,
    '- **Numbers** are integers (`type: integer`): counts, years, basis points, percent points.',
    '- **Positions and revisions** inside data (statement sources, `throughPosition`) are decimal strings, like',
    '  the envelope’s.',
    '- **`null` vs absent**: `null` is a recorded "none" (e.g. `newPartnerId: null` = Results direct). An',
    '  optional field (not in `required`) is one added to the contract later (additive); older events lack it.',
    '- **Closed objects**: the schemas say `additionalProperties: false`: they describe exactly what the',
    '  ledger writes at that schema version, and the contract test validates real events against them.',
    '  Consumers should still ignore unknown fields, because additive changes keep the version (below).',
    '',
    '## Versions and upcasting',
    '',
    '- `metadata.schemaVersion` is the version of the event’s `data` shape, from `schemaVersionOf(type)` in',
    '  `libs/application/src/command-path/schema-versions.ts` (default 1). The schemas here describe the',
    `  current version of each type; today ${versions.length === 1 && versions[0] === 1 ? 'every type is at version 1, so no upcaster exists yet' : `the versions in use are ${versions.join(', ')}`}.`,
    '- **Additive change** (a new field that consumers may ignore, optional when older events lack it): same',
    '  version; the schema gains the field. This is how `partnerId` joined the revenue events.',
    '- **Breaking change** (rename, removal, new meaning or type of a field): bump the version in',
    '  `SCHEMA_VERSIONS` together with an upcaster that turns the old shape into the new one when events are',
    '  read. The log is never rewritten (A-3): old events keep their shape and `schemaVersion` forever, so a',
    '  consumer reading the raw log or feed checks `schemaVersion` before trusting a shape.',
    '- Event types are never renamed or reused; a fact with a different meaning is a new type.',
    '',
    '## Stream categories',
    '',
    'The category is the stream name up to the first `-` (`program-terms` is one stream of its own); names',
    'come from `libs/domain/src/shared/stream-ids.ts`.',
    '',
    '| category | stream name | event types |',
    '|---|---|---|',
    ...[...streams].map(([category, pattern]) => {
      const types = events.filter((e) => e.category === category).map((e) => `[${e.type}](#${e.type.toLowerCase()})`);
      return `| \`${category}\` | \`${pattern}\` | ${types.join(', ') || '—'} |`;
    }),
    '',
    '## Event types',
    '',
  ];
  for (const context of contexts) {
    const inContext = events.filter((e) => e.context === context);
    lines.push(`### ${title(context)}`, '', `Contract: \`${inContext[0]!.file}\`.`, '');
    lines.push('| type | schema version | stream category | rule IDs | meaning | schema |', '|---|---|---|---|---|---|');
    for (const e of inContext) {
      const meaning = cell(e.doc) + (e.docFromAsyncApi ? ' †' : '');
      lines.push(
        `| <a id="${e.type.toLowerCase()}"></a>\`${e.type}\` | ${e.schemaVersion} | \`${e.category}\` | ${e.ruleIds.join(', ') || '—'} | ${meaning} | [${e.type}.schema.json](events/${e.type}.schema.json) |`,
      );
    }
    lines.push('');
  }
  if (fallback.length > 0) {
    lines.push(
      `† The contract's doc comment is missing or only lists rule IDs; the meaning is its message summary in [asyncapi.yaml](asyncapi.yaml)`,
      `(${fallback.length} types).`,
      '',
    );
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function jsonType(schema: Schema): string {
  const type = schema.type;
  const base = Array.isArray(type) ? type.join(' \\| ') : String(type ?? 'object');
  const extra = [schema.format && `\`${String(schema.format)}\``, schema.pattern && `\`${String(schema.pattern)}\``].filter(Boolean);
  return extra.length > 0 ? `${base} (${cell(extra.join(', '))})` : base;
}

// ---------------------------------------------------------------- CLI

function main(argv: readonly string[]): void {
  const outIndex = argv.indexOf('--out');
  const outRoot = outIndex >= 0 ? path.resolve(argv[outIndex + 1] ?? '') : ROOT;
  const started = Date.now();
  const { events, files } = generateEventCatalog(ROOT);
  const eventsDir = path.join(outRoot, 'docs/events');
  fs.mkdirSync(eventsDir, { recursive: true });
  // Schemas of event types that no longer exist must not linger.
  for (const stale of fs.readdirSync(eventsDir)) {
    if (stale.endsWith('.schema.json') && !files.has(`docs/events/${stale}`)) fs.rmSync(path.join(eventsDir, stale));
  }
  for (const [relative, content] of files) fs.writeFileSync(path.join(outRoot, relative), content);
  console.log(`event catalog: ${events.length} event types, ${files.size} files in ${path.relative(process.cwd(), path.join(outRoot, 'docs')) || 'docs'} (${Date.now() - started} ms)`);
}

if (require.main === module) main(process.argv.slice(2));
