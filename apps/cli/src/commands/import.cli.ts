import type { Command } from 'commander';
import { CommandBus } from '@nestjs/cqrs';
import { createProgressReporter } from '@ledger/projections';
import { withLedger } from '../cli-context';
import { IMPORT_KINDS, importKind } from '../import/import-kinds';
import { runImport, type ImportSummary } from '../import/run-import';
import { printJson, printTable } from '../output';

export function registerImportCommands(program: Command): void {
  program
    .command('import')
    .argument('<kind>', IMPORT_KINDS.map((k) => k.name).join(' | '))
    .argument('<file>', 'CSV file with a header row (columns: docs/cli.md)')
    .option('--concurrency <n>', 'commands in flight at once', '16')
    .option('--json', 'print the summary as JSON')
    .description('Bulk-import a CSV file (idempotent: importing it again appends nothing); exit 1 when any row is rejected')
    .action((kindName: string, file: string, options: { concurrency: string; json?: boolean }) =>
      withLedger(async (ctx) => {
        const kind = importKind(kindName);
        if (!kind) throw new Error(`unknown import kind "${kindName}" (one of ${IMPORT_KINDS.map((k) => k.name).join(', ')})`);
        const concurrency = Number(options.concurrency);
        if (!Number.isSafeInteger(concurrency) || concurrency < 1 || concurrency > 256) throw new Error('--concurrency must be an integer from 1 to 256');
        const bus = ctx.app.get(CommandBus);
        const progress = createProgressReporter(`import ${kind.name}`, { unit: 'rows' });
        let summary: ImportSummary;
        try {
          summary = await runImport(kind, file, { bus, meta: (id) => ctx.meta(id), concurrency, onProgress: progress.onProgress });
        } finally {
          progress.stop();
        }
        if (options.json) printJson(summary);
        else printSummary(summary);
        if (summary.rejected > 0) process.exitCode = 1;
      }),
    );
}

function printSummary(s: ImportSummary): void {
  process.stdout.write(
    `import ${s.kind}: ${s.rowsRead} rows read, ${s.appended} appended, ${s.alreadyPresent} already present, ${s.rejected} rejected\n`,
  );
  const types = Object.keys(s.eventsAppended).sort();
  if (types.length > 0) process.stdout.write(`events appended: ${types.map((t) => `${t} ${s.eventsAppended[t]}`).join(', ')}\n`);
  if (s.rejections.length > 0) {
    process.stdout.write('\nrejected rows:\n');
    printTable(s.rejections as unknown as Record<string, unknown>[], ['line', 'field', 'rule', 'reason']);
  }
}
