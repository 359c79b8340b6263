/**
 * Which event types the ledger can append, read from the code with the TypeScript compiler (not from
 * the catalog): the `Event` type argument of every `Decider<Command, Event, …>` in libs/domain, plus
 * the events of every `appendToStream` call outside the command path (e.g. the program terms
 * bootstrap). The command path (handle-command.ts) appends exactly what a decider decided.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const COMMAND_PATH = 'libs/application/src/command-path/handle-command.ts';

export interface EmittableEventTypes {
  /** Decider name → its event types. */
  readonly deciders: ReadonlyMap<string, readonly string[]>;
  /** `file:line` of an appendToStream call → the event types it appends. */
  readonly directAppends: ReadonlyMap<string, readonly string[]>;
  /** Findings that make the analysis incomplete (a decider file without a typed decider, an append whose types cannot be told). */
  readonly problems: readonly string[];
}

function sourceFiles(root: string, dir: string, out: string[] = []): string[] {
  const full = path.join(root, dir);
  if (!fs.existsSync(full)) return out;
  for (const entry of fs.readdirSync(full, { withFileTypes: true })) {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (entry.name !== 'testing' && entry.name !== 'node_modules') sourceFiles(root, relative, out);
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts')) {
      out.push(relative);
    }
  }
  return out;
}

function compilerOptions(root: string): ts.CompilerOptions {
  const configFile = path.join(root, 'tsconfig.json');
  const read = ts.readConfigFile(configFile, (f) => ts.sys.readFile(f));
  return { ...ts.parseJsonConfigFileContent(read.config, ts.sys, root).options, noEmit: true, incremental: false };
}

/** The `type` literals of an event type (a union of `{ type: 'X'; data }`), or null when it is not one. */
function typeLiterals(checker: ts.TypeChecker, type: ts.Type): string[] | null {
  const members = type.isUnion() ? type.types : [type];
  const literals: string[] = [];
  for (const member of members) {
    const property = member.getProperty('type');
    if (!property) return null;
    const literal = checker.getTypeOfSymbol(property);
    const parts = literal.isUnion() ? literal.types : [literal];
    for (const part of parts) {
      if (!part.isStringLiteral()) return null;
      literals.push(part.value);
    }
  }
  return literals;
}

export function emittableEventTypes(root: string): EmittableEventTypes {
  const deciderFiles = sourceFiles(root, 'libs/domain/src').filter((f) => f.endsWith('.decider.ts'));
  const appendFiles = ['apps', 'libs/application/src', 'projections/src']
    .flatMap((d) => sourceFiles(root, d))
    .filter((f) => fs.readFileSync(path.join(root, f), 'utf8').includes('appendToStream('));
  const program = ts.createProgram({ rootNames: [...deciderFiles, ...appendFiles].map((f) => path.join(root, f)), options: compilerOptions(root) });
  const checker = program.getTypeChecker();
  const deciders = new Map<string, readonly string[]>();
  const directAppends = new Map<string, readonly string[]>();
  const problems: string[] = [];

  for (const file of deciderFiles) {
    const source = program.getSourceFile(path.join(root, file))!;
    let found = 0;
    source.forEachChild(function visit(node): void {
      if (ts.isVariableDeclaration(node) && node.type && ts.isTypeReferenceNode(node.type) && node.type.typeName.getText(source) === 'Decider') {
        const eventArg = node.type.typeArguments?.[1];
        const literals = eventArg ? typeLiterals(checker, checker.getTypeFromTypeNode(eventArg)) : null;
        if (literals) {
          deciders.set(node.name.getText(source), literals);
          found++;
        } else {
          problems.push(`${file}: cannot read the event types of ${node.name.getText(source)}`);
        }
      }
      node.forEachChild(visit);
    });
    if (found === 0) problems.push(`${file}: no \`const x: Decider<Command, Event, …>\` declaration found`);
  }

  for (const file of appendFiles) {
    if (file === COMMAND_PATH) continue;
    const source = program.getSourceFile(path.join(root, file))!;
    source.forEachChild(function visit(node): void {
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'appendToStream') {
        const where = `${file}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;
        const events = node.arguments[1];
        const elements = events && ts.isArrayLiteralExpression(events) ? [...events.elements] : [];
        const literals: string[] = [];
        for (const element of elements) {
          const typeProperty = ts.isObjectLiteralExpression(element)
            ? element.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText(source) === 'type')
            : undefined;
          const type = typeProperty ? checker.getTypeAtLocation(typeProperty.initializer) : undefined;
          const parts = type ? (type.isUnion() ? type.types : [type]) : [];
          if (parts.length === 0 || !parts.every((p) => p.isStringLiteral())) {
            problems.push(`${where}: cannot tell which event type this appendToStream call appends (give its \`type\` a literal event type)`);
          } else {
            literals.push(...parts.map((p) => (p as ts.StringLiteralType).value));
          }
        }
        if (elements.length === 0) problems.push(`${where}: appendToStream without an array literal of events`);
        directAppends.set(where, literals);
      }
      node.forEachChild(visit);
    });
  }
  return { deciders, directAppends, problems };
}
