import type { Command } from 'commander';
import { FixedClock } from '@ledger/application';
import { programTermsStreamId } from '@ledger/domain';
import { withLedger } from '../cli-context';
import { DEMO_FIRST_DAY, DEMO_LAST_DAY, recordTimeOf } from '../demo/demo-calendar';
import { buildDemoReport, type DemoReport } from '../demo/demo-report';
import { runDemoSchedule, type DemoRunStats } from '../demo/demo-runner';
import { DEMO_SCALES, type DemoScale } from '../demo/demo-scale';
import { DemoSchedule } from '../demo/demo-schedule';
import { planQuarterCloses } from '../demo/plan/closes.plan';
import { planDeals } from '../demo/plan/deals.plan';
import { newPlanContext } from '../demo/plan/plan-context';
import { planPartners } from '../demo/plan/partners.plan';
import { printJson, printTable } from '../output';

interface DemoOptions {
  seed: string;
  scale: string;
  force?: boolean;
  concurrency?: string;
  json?: boolean;
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('Fill the store with a realistic, deterministic partner program over 2025-Q1 … 2026-Q4 (docs/demo.md)')
    .option('--seed <n>', 'PRNG seed: the same seed gives the same event log', '1')
    .option('--scale <scale>', 'small (≈20 partners, for tests) | full (300 partners, 3,000 opportunities)', 'full')
    .option('--concurrency <n>', 'commands in flight at once within a business day (default 16 small, 64 full)')
    .option('--force', 'run even though the store already holds events')
    .option('--json', 'print the summary as JSON')
    .action((options: DemoOptions) => runDemo(options));
}

async function runDemo(options: DemoOptions): Promise<void> {
  const seed = Number(options.seed);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error('--seed must be a non-negative integer');
  const scale: DemoScale | undefined = DEMO_SCALES[options.scale as DemoScale['name']];
  if (!scale) throw new Error('--scale must be small or full');
  const concurrency = options.concurrency === undefined ? scale.concurrency : Number(options.concurrency);
  if (!Number.isSafeInteger(concurrency) || concurrency < 1 || concurrency > 256) throw new Error('--concurrency must be an integer from 1 to 256');

  // T-3: record time is simulated; the program terms are recorded the evening before day one.
  const clock = new FixedClock(recordTimeOf(DEMO_FIRST_DAY.subtract({ days: 1 })));
  await withLedger(
    async (ctx) => {
      for await (const e of ctx.store.readAll()) {
        if (e.streamName === programTermsStreamId()) continue;
        if (!options.force) {
          throw new Error(`the store in ${ctx.config.dataDir} already holds events (e.g. ${e.streamName}); the demo needs an empty store (or --force to add to it)`);
        }
        break;
      }
      const started = performance.now();
      const schedule = new DemoSchedule(DEMO_LAST_DAY);
      const plan = newPlanContext(seed, scale, schedule);
      planPartners(plan);
      planDeals(plan);
      planQuarterCloses(plan);
      const stats = await runDemoSchedule(ctx, clock, schedule, { seed, concurrency, progress: !options.json });
      await ctx.catchUp();
      const seconds = (performance.now() - started) / 1000;
      const report = await buildDemoReport(ctx.store);
      if (options.json) printJson({ seed, scale: scale.name, seconds: Math.round(seconds * 10) / 10, ...report, commands: stats.commands, refusals: stats.refusals });
      else printReport(seed, scale, seconds, stats, report);
    },
    { clock },
  );
}

function printReport(seed: number, scale: DemoScale, seconds: number, stats: DemoRunStats, report: DemoReport): void {
  const out = (text = '') => process.stdout.write(`${text}\n`);
  out(`demo program, seed ${seed}, ${scale.name} scale: ${report.events.toLocaleString('en-US')} events from ${stats.actions.toLocaleString('en-US')} actions in ${seconds.toFixed(1)} s`);
  out();
  printTable(
    Object.entries(report.eventsByType)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([type, count]) => ({ event: type, count })),
  );
  if (stats.refusals.length > 0) {
    out();
    out('refused by the ledger (business outcomes the rules decided, e.g. an NFR renewal while standing requires action):');
    printTable(stats.refusals.map((r) => ({ command: r.commandType, rule: r.ruleId ?? '', count: r.count, example: r.example })));
  }
  out();
  out('What to look at (HTTP: `npm start`, then an API key from `ledger keys issue --role admin`):');
  for (const h of report.highlights) {
    out();
    out(`* ${h.title}${h.id ? `: ${h.id}` : ''}`);
    for (const c of h.commands) out(`    ${c}`);
  }
}
