import type { Command } from 'commander';
import { createProgressReporter } from '@ledger/projections';
import { withLedger } from '../cli-context';
import { printJson, printTable } from '../output';

export function registerProjectionCommands(program: Command): void {
  const projections = program.command('projections').description('Read models: status and rebuild');

  projections
    .command('status')
    .description('Checkpoint position, head and lag of every projection')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) =>
      withLedger(async ({ runner }) => {
        const status = await runner.status();
        if (options.json) printJson(status);
        else printTable(status.map((s) => ({ ...s, lastError: s.lastError ?? '' })) as unknown as Record<string, unknown>[]);
      }),
    );

  projections
    .command('rebuild')
    .argument('[name]', 'projection name, or "all"', 'all')
    .description('S-7: rebuild read models from the first event (progress on stderr)')
    .action((name: string) =>
      withLedger(async ({ runner }) => {
        const progress = createProgressReporter(`rebuild ${name}`);
        const started = performance.now();
        try {
          await runner.rebuild(name, { onProgress: progress.onProgress });
        } finally {
          progress.stop();
        }
        const status = await runner.status();
        process.stdout.write(`rebuilt ${name} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
        printTable(status.map((s) => ({ name: s.name, position: s.position, lag: s.lag })) as unknown as Record<string, unknown>[]);
      }),
    );
}
