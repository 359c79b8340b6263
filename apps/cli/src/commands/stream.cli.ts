import type { Command } from 'commander';
import { StreamNotFoundError } from '@ledger/event-store';
import { withLedger } from '../cli-context';
import { printJson, printTable } from '../output';

export function registerStreamCommand(program: Command): void {
  program
    .command('stream')
    .argument('<streamName>', 'e.g. renewal-acme, payment-pay-123, partner-p-0001')
    .option('--json', 'print the recorded events as JSON')
    .description('A-1, A-3: every event of one stream, as recorded (who, when, business and record time)')
    .action((streamName: string, options: { json?: boolean }) =>
      withLedger(async ({ store }) => {
        let events;
        try {
          events = await store.readStream(streamName);
        } catch (error) {
          if (error instanceof StreamNotFoundError) throw new Error(`no stream "${streamName}"`);
          throw error;
        }
        if (options.json) return printJson(events);
        printTable(
          events.map((e) => ({
            rev: e.revision,
            position: e.position,
            type: e.type,
            occurredAt: e.metadata.occurredAt,
            recordedAt: e.metadata.recordedAt,
            actor: e.metadata.actor,
            data: e.data,
          })),
        );
      }),
    );
}
