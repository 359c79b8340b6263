import type { Command } from 'commander';
import { StandingQueryService } from '@ledger/application';
import { isQuarterId } from '@ledger/domain';
import { withLedger } from '../cli-context';
import { printJson, printTable } from '../output';

const percent = (bp: number | null) => (bp === null ? 'not rated' : `${(bp / 100).toFixed(2)} %`);

export function registerStandingCommands(program: Command): void {
  const standing = program.command('standing').description('C-1..C-7: tier standing');

  standing
    .command('show')
    .argument('<partnerId>')
    .requiredOption('--quarter <quarter>', 'quarter end to evaluate at, e.g. 2026-Q1')
    .option('--json', 'print JSON')
    .description('CSAT, ladder step, certification, staff and NFR at a quarter end, and every recorded evaluation')
    .action((partnerId: string, options: { quarter: string; json?: boolean }) =>
      withLedger(async (ctx) => {
        if (!isQuarterId(options.quarter)) throw new Error('--quarter must look like 2026-Q1');
        await ctx.catchUp();
        const view = await ctx.app.get(StandingQueryService).partnerStanding(partnerId, options.quarter);
        if (!view) throw new Error(`no standing for partner "${partnerId}"`);
        if (options.json) return printJson(view);
        const out = (text = '') => process.stdout.write(`${text}\n`);
        out(`${view.partnerId}${view.legalName ? ` (${view.legalName})` : ''} — standing at the end of ${view.quarter}${view.recorded ? ' (recorded)' : ' (computed from the facts so far; not evaluated yet)'}`);
        const s = view.recorded?.evaluation ?? view.standing;
        if (!s) {
          out('not enrolled at that quarter end');
        } else {
          printTable(
            [
              { item: 'tier', value: s.tier, rule: 'P-1' },
              { item: 'CSAT (rolling 12 months)', value: `${percent(s.csatBp)} of ${s.ratingsCounted} ratings, ${s.surveyIds.length} surveys, ${s.windowStart} … ${s.windowEnd}`, rule: 'C-2, C-3' },
              { item: 'minimum', value: s.minimumBp === null ? 'none' : percent(s.minimumBp), rule: 'C-4' },
              { item: 'result', value: s.result, rule: 'C-4' },
              { item: 'ladder', value: `${s.ladderStep} (${s.consecutiveQuartersBelow} consecutive quarter(s) below)`, rule: 'C-5' },
              { item: 'decision', value: view.recorded?.decision ? `${view.recorded.decision.decision}` : '', rule: 'C-5' },
              { item: 'certification', value: `${s.certificationStatus}${s.certificationValidUntil ? ` until ${s.certificationValidUntil}` : ''}`, rule: 'C-6' },
              { item: 'staff', value: `${s.staffCount} (minimum ${s.staffMinimum}${s.staffMinimumMet ? ', met' : ', NOT met'})`, rule: 'P-1' },
              { item: 'NFR licenses', value: `${s.nfrActiveUsers} of ${s.nfrUsersEntitled} users${s.nfrValidUntil ? ` until ${s.nfrValidUntil}` : ''}`, rule: 'C-7' },
              { item: 'verdict', value: s.verdict, rule: '' },
            ],
            ['item', 'value', 'rule'],
          );
          for (const reason of s.reasons) out(`  - ${reason}`);
        }
        out();
        out('recorded evaluations:');
        printTable(
          view.evaluations.map((e) => ({
            quarter: e.evaluation.quarter,
            tier: e.evaluation.tier,
            csat: percent(e.evaluation.csatBp),
            result: e.evaluation.result,
            ladder: e.evaluation.ladderStep,
            decision: e.decision?.decision ?? '',
            verdict: e.evaluation.verdict,
          })),
        );
      }),
    );
}
