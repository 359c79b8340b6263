import type { Command } from 'commander';
import { DealQueryService } from '@ledger/application';
import { isValidInstant } from '@ledger/domain';
import type { TimelineEntry } from '@ledger/projections';
import { withLedger } from '../cli-context';
import { printJson, printTable } from '../output';

export function registerDisputeCommands(program: Command): void {
  const dispute = program.command('dispute').description('D-12: replay disputed deal registrations');

  dispute
    .command('replay')
    .argument('<opportunity>', 'opportunity key, or any company name that normalizes to it')
    .option('--as-of <instant>', 'show the timeline as it stood at this ISO instant')
    .option('--json', 'print JSON')
    .description('The ordered timeline: every attempt, decision and the rule that decided it')
    .action((opportunity: string, options: { asOf?: string; json?: boolean }) =>
      withLedger(async (ctx) => {
        if (options.asOf && !isValidInstant(options.asOf)) throw new Error('--as-of must be an ISO-8601 instant');
        await ctx.catchUp();
        const deals = ctx.app.get(DealQueryService);
        const key = deals.timeline(opportunity) ? opportunity : deals.lookup(opportunity)[0];
        const view = key ? (options.asOf ? deals.timelineAsOf(key, options.asOf) : deals.timeline(key)) : null;
        if (!view) throw new Error(`no opportunity found for "${opportunity}"`);
        if (options.json) return printJson(view);
        process.stdout.write(`opportunity ${view.opportunityKey}${options.asOf ? ` as of ${options.asOf}` : ''}\n`);
        printTable(
          view.entries.map((e: TimelineEntry) => ({
            pos: e.position,
            recordedAt: e.recordedAt,
            type: e.type,
            partner: e.partnerId,
            rule: e.ruleId,
            decision: e.decision,
          })),
        );
        const p = view.protection;
        process.stdout.write(`now: ${p.status}${p.partnerId ? ` (${p.partnerId})` : ''}${p.endsAt ? `, protected until ${p.endsAt}` : ''}\n`);
      }),
    );

  dispute
    .command('check')
    .argument('<opportunityKey>')
    .description("Re-run every recorded decision through today's decider and terms")
    .action((key: string) =>
      withLedger(async (ctx) => {
        const report = await ctx.app.get(DealQueryService).replay(key);
        if (!report) throw new Error(`no opportunity "${key}"`);
        printTable(report.steps.map((s) => ({ from: s.fromIndex, command: s.commandType, outcome: s.outcome, differences: s.differences.join('; ') })));
        process.stdout.write(report.allSame ? 'every step decides the same today\n' : 'some steps would be decided differently today\n');
      }),
    );
}
