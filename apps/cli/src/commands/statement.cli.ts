import type { Command } from 'commander';
import {
  StatementAuditService,
  StatementQueryService,
  decimalAmount,
  ratePercent,
  statementCsv,
  statementExport,
  type StatementView,
} from '@ledger/application';
import type { MoneyJson } from '@ledger/domain';
import { withLedger } from '../cli-context';
import { printJson, printTable } from '../output';

const money = (m: MoneyJson) => `${decimalAmount(m)} ${m.currency}`;
const FORMATS = ['table', 'csv', 'json'] as const;

export function registerStatementCommands(program: Command): void {
  const statement = program.command('statement').description('S-1..S-6, A-2: statements, their audit chain and seals');

  statement
    .command('show')
    .argument('<partnerId>')
    .argument('<quarter>', 'e.g. 2026-Q1')
    .option('--format <format>', 'table | csv | json', 'table')
    .description('A statement with every line (an open quarter shows a preview); csv/json are the finance exports')
    .action((partnerId: string, quarter: string, options: { format: string }) =>
      withLedger(async (ctx) => {
        if (!(FORMATS as readonly string[]).includes(options.format)) throw new Error(`--format must be one of ${FORMATS.join(', ')}`);
        await ctx.catchUp();
        const view = await ctx.app.get(StatementQueryService).statement(partnerId, quarter);
        if (!view) throw new Error(`no statement and no lines for partner "${partnerId}" in ${quarter}`);
        if (options.format === 'csv') process.stdout.write(statementCsv(view));
        else if (options.format === 'json') printJson(statementExport(view));
        else printStatement(view);
      }),
    );

  statement
    .command('list')
    .argument('<partnerId>')
    .description('Every statement of a partner, oldest quarter first')
    .action((partnerId: string) =>
      withLedger(async (ctx) => {
        await ctx.catchUp();
        const list = ctx.app.get(StatementQueryService).statementsOf(partnerId);
        if (!list) throw new Error(`unknown partner "${partnerId}"`);
        printTable(
          list.statements.map((s) => ({
            quarter: s.quarter,
            status: s.status,
            lines: s.lineCount,
            payable: s.payable ? money(s.payable) : '',
            held: s.held && BigInt(s.held.amountMinor) !== 0n ? money(s.held) : '',
            carriedOut: s.carriedOut && BigInt(s.carriedOut.amountMinor) !== 0n ? money(s.carriedOut) : '',
            dueBy: s.dueBy ?? '',
            late: s.late === null ? '' : s.late ? 'late' : 'on time',
          })),
        );
      }),
    );

  statement
    .command('explain')
    .argument('<partnerId>')
    .argument('<quarter>')
    .argument('<line>', 'line id, or the line number shown by `statement show`')
    .option('--json', 'print JSON')
    .description('A-2: the audit chain of a line — every source event, who recorded it, the rule and terms that priced it')
    .action((partnerId: string, quarter: string, line: string, options: { json?: boolean }) =>
      withLedger(async (ctx) => {
        await ctx.catchUp();
        let lineId = line;
        if (/^[1-9][0-9]*$/.test(line)) {
          const view = await ctx.app.get(StatementQueryService).statement(partnerId, quarter);
          lineId = view?.lines[Number(line) - 1]?.lineId ?? line;
        }
        const audit = await ctx.app.get(StatementAuditService).explain(partnerId, quarter, lineId);
        if (!audit) throw new Error(`no line "${line}" on the statement of ${partnerId} for ${quarter}`);
        if (!audit.complete || !audit.shareRecomputes) process.exitCode = 1;
        if (options.json) return printJson(audit);
        const out = (text = '') => process.stdout.write(`${text}\n`);
        out(`${audit.statementId} line ${audit.lineId}${audit.issued ? '' : ' (preview: the statement is not issued yet)'}`);
        out(`${audit.kind}: ${audit.description}`);
        out(
          `${money(audit.amount)} × ${ratePercent(audit.rateBp)} % = ${money(audit.share)} ` +
            `(recomputed ${money(audit.recomputedShare)}: ${audit.shareRecomputes ? 'matches' : 'DIFFERS'}) — rules ${audit.ruleIds.join(', ')}, terms ${audit.termsVersion}`,
        );
        out();
        printTable(
          audit.steps.map((s) => ({
            role: s.role,
            event: `${s.ref.type} ${s.ref.streamName}@${s.ref.revision}`,
            position: s.ref.position,
            checked: s.consistent ? 'ok' : 'MISMATCH',
            summary: s.summary,
            actor: s.recorded?.actor ?? '',
            occurredAt: s.recorded?.occurredAt ?? '',
            recordedAt: s.recorded?.recordedAt ?? '',
          })),
        );
        if (audit.problems.length > 0) out(`problems: ${audit.problems.join('; ')}`);
      }),
    );

  statement
    .command('verify')
    .option('--json', 'print JSON')
    .description('S-3, S-7, A-2: recompute every issued statement from the log and check its seal (exit 1 on any difference)')
    .action((options: { json?: boolean }) =>
      withLedger(async (ctx) => {
        const report = await ctx.app.get(StatementAuditService).verify();
        if (!report.ok) process.exitCode = 1;
        if (options.json) return printJson(report);
        process.stdout.write(
          `${report.checked} issued statement(s) recomputed from the log through position ${report.throughPosition ?? '-'}: ` +
            `${report.ok ? 'every one matches and every seal holds' : `${report.failed} differ`}\n`,
        );
        const failed = report.statements.filter((s) => !s.ok);
        if (failed.length > 0) printTable(failed.map((s) => ({ statement: s.statementId, position: s.position, sealValid: s.sealValid, differences: s.differences.join('; ') })));
      }),
    );
}

function printStatement(view: StatementView): void {
  const out = (text = '') => process.stdout.write(`${text}\n`);
  out(`${view.statementId} — ${view.status}${view.preview ? ' (preview: not issued, may still change, S-3)' : ''}`);
  const facts = [
    ['terms', view.termsVersion],
    ['through position', view.throughPosition ?? ''],
    ['issued at', view.issuedAt ?? ''],
    ['due by', view.dueBy ?? ''],
    ['seal', view.seal ?? ''],
    ['confirmed', view.confirmed ? `${view.confirmed.confirmedAt} by ${view.confirmed.confirmedBy}` : ''],
    ['invoiced', view.invoiced ? `${view.invoiced.invoiceNumber}, ${money(view.invoiced.amount)}, ${view.invoiced.invoicedAt}` : ''],
    ['paid', view.paid ? `${money(view.paid.amount)} on ${view.paid.paidAt}${view.paid.late ? ' — LATE (S-4)' : ''}, ref ${view.paid.paymentReference}` : ''],
  ].filter(([, value]) => value !== '');
  for (const [name, value] of facts) out(`  ${name}: ${value}`);
  out();
  printTable(
    view.lines.map((l, i) => ({
      no: i + 1,
      kind: l.kind,
      date: l.occurredOn,
      description: l.description,
      amount: decimalAmount(l.amount),
      rate: `${ratePercent(l.rateBp)} %`,
      share: decimalAmount(l.share),
      rules: l.ruleIds.join(' '),
    })),
  );
  out();
  const t = view.totals;
  printTable(
    [
      ['licenses revenue', t.licensesRevenue],
      ['services revenue', t.servicesRevenue],
      ['memo (partner-delivered)', t.memoRevenue],
      ['licenses share', t.licensesShare],
      ['services share', t.servicesShare],
      ['earned', t.earned],
      ['carried in', t.carriedIn],
      ['released (S-5)', t.released],
      ['balance', t.balance],
      ['payable', t.payable],
      ['held (S-5)', t.held],
      ['carried out (S-2)', t.carriedOut],
    ].map(([total, amount]) => ({ total, amount: money(amount as MoneyJson) })),
  );
}
