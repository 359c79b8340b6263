import type { Command } from 'commander';
import { StandingQuarterCloseService, StatementIssuingService, decimalAmount } from '@ledger/application';
import { isQuarterId, type MoneyJson } from '@ledger/domain';
import { withLedger } from '../cli-context';
import { printJson, printTable } from '../output';

const money = (m: MoneyJson) => `${decimalAmount(m)} ${m.currency}`;

export function registerQuarterCommands(program: Command): void {
  const quarter = program.command('quarter').description('S-3, C-3: quarter close');

  quarter
    .command('close')
    .argument('<quarter>', 'an ended quarter, e.g. 2026-Q1')
    .option('--json', 'print JSON')
    .description('Issue the quarter’s statements (S-3) and evaluate every partner’s tier standing (C-3..C-5); idempotent, resumable')
    .action((q: string, options: { json?: boolean }) =>
      withLedger(async (ctx) => {
        if (!isQuarterId(q)) throw new Error('the quarter must look like 2026-Q1');
        await ctx.catchUp();
        const meta = ctx.meta();
        const statements = await ctx.app.get(StatementIssuingService).closeQuarter(meta, q);
        const standing = await ctx.app.get(StandingQuarterCloseService).close(meta, q);
        const problems = [
          ...statements.skipped.filter((s) => s.ruleId !== 'S-2').map((s) => ({ what: 'statement', partner: s.partnerId, rule: s.ruleId ?? '', reason: s.reason })),
          ...standing.refused.map((r) => ({ what: 'standing', partner: r.partnerId, rule: r.ruleId ?? '', reason: r.message })),
        ];
        if (problems.length > 0) process.exitCode = 1;
        if (options.json) return printJson({ statements, standing });

        const out = (text = '') => process.stdout.write(`${text}\n`);
        const c = statements.closed;
        out(`${q} ${c.appended ? 'closed now' : 'was already closed'} (QuarterClosed at position ${c.position}, ${c.closedAt}, terms ${c.termsVersion})`);
        out(
          `statements: ${statements.issued.length} issued now, ${statements.alreadyIssued.length} issued before, ` +
            `${statements.skipped.length} partner(s) with nothing due; payable ${money(statements.totals.payable)}, ` +
            `held ${money(statements.totals.held)}, carried out ${money(statements.totals.carriedOut)}`,
        );
        out(
          `standing: ${standing.evaluated.length} evaluated now, ${standing.alreadyEvaluated.length} before, ` +
            `${standing.notEnrolled.length} not enrolled yet, ${standing.refused.length} refused`,
        );
        if (statements.issued.length > 0) {
          out();
          printTable(
            statements.issued.map((s) => ({ partner: s.partnerId, payable: money(s.payable), held: money(s.held), carriedOut: money(s.carriedOut), seal: s.seal.slice(0, 16) })),
          );
        }
        if (problems.length > 0) {
          out();
          out('not closed for these partners:');
          printTable(problems);
        }
      }),
    );
}
