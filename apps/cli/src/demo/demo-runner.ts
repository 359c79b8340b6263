/**
 * Plays the demo schedule day by day through the command bus. The FixedClock stands at the
 * day's record time (20:00 local) while the day's actions run; actions on different streams run
 * concurrently (bounded, so the embedded store group-commits them), actions on one stream run in
 * business-time order, and exclusive actions (quarter closes) run alone. Every command id,
 * correlation id and record time derives from the schedule, so the same seed yields the same
 * event log.
 */
import type { ICommand } from '@nestjs/cqrs';
import { CommandBus } from '@nestjs/cqrs';
import type { CommandMeta, CommandResult, FixedClock } from '@ledger/application';
import { DomainError, quarterOfDate } from '@ledger/domain';
import { createProgressReporter, type ProgressReporter } from '@ledger/projections';
import { Temporal } from 'temporal-polyfill';
import type { CliContext } from '../cli-context';
import { KeyedPool } from '../concurrency/keyed-pool';
import { DEMO_FIRST_DAY, DEMO_LAST_BUSINESS_DAY, DEMO_LAST_DAY, localDateOf, recordTimeOf } from './demo-calendar';
import type { DemoAction, DemoEnv, DemoSchedule } from './demo-schedule';

export interface CommandTally {
  appended: number;
  noOp: number;
  replayed: number;
  refused: number;
}

export interface Refusal {
  readonly commandType: string;
  readonly ruleId: string | null;
  count: number;
  readonly example: string;
}

export interface DemoRunStats {
  readonly commands: Record<string, CommandTally>;
  readonly refusals: Refusal[];
  actions: number;
}

interface Phase {
  readonly name: string;
  readonly end: Temporal.PlainDate;
  done: number;
  readonly reporter: ProgressReporter | null;
}

export interface DemoRunOptions {
  readonly seed: number;
  readonly concurrency: number;
  /** Progress per phase (a quarter of business, then the January 2027 settlement). */
  readonly progress?: boolean;
}

export async function runDemoSchedule(ctx: CliContext, clock: FixedClock, schedule: DemoSchedule, options: DemoRunOptions): Promise<DemoRunStats> {
  const bus = ctx.app.get(CommandBus);
  const stats: DemoRunStats = { commands: {}, refusals: [], actions: 0 };
  const env: DemoEnv = {
    app: ctx.app,
    execute: (command) => execute(bus, stats, command),
    countRefusal: (operation, ruleId, message) => countRefusal(stats, operation, ruleId, message),
  };

  let phase = null as Phase | null;
  for (let day = DEMO_FIRST_DAY; Temporal.PlainDate.compare(day, DEMO_LAST_DAY) <= 0; day = day.add({ days: 1 })) {
    const phaseName = Temporal.PlainDate.compare(day, DEMO_LAST_BUSINESS_DAY) <= 0 ? quarterOfDate(day) : 'settlement 2027-01';
    if (phase?.name !== phaseName) {
      phase?.reporter?.stop();
      const end: Temporal.PlainDate = phaseName.startsWith('settlement') ? DEMO_LAST_DAY : lastDayOfQuarter(day);
      phase = { name: phaseName, end, done: 0, reporter: options.progress ? createProgressReporter(`demo ${phaseName}`, { unit: 'actions' }) : null };
    }
    clock.set(recordTimeOf(day));
    const current: Phase = phase;
    const pending = schedule.countBetween(day, current.end); // includes today's actions
    let doneToday = 0;
    const report = () => current.reporter?.onProgress(current.done, current.done + pending - doneToday);
    const actions = schedule.take(day);
    const run = async (action: DemoAction): Promise<void> => {
      const meta: CommandMeta = {
        commandId: `demo:${action.id}`,
        actor: action.actor,
        correlationId: `demo:seed-${options.seed}`,
        ...(action.actingPartnerId ? { actingPartnerId: action.actingPartnerId } : {}),
      };
      const followUps = (await action.run(env, meta)) ?? [];
      for (const next of followUps) {
        if (Temporal.PlainDate.compare(localDateOf(next.at), day) <= 0) throw new Error(`demo follow-up ${next.id} must fall after ${day}`);
        schedule.add(next);
      }
      stats.actions++;
      current.done++;
      doneToday++;
      report();
    };
    // Consecutive concurrent actions form one batch; an exclusive action runs between batches.
    let batch: DemoAction[] = [];
    const flush = async () => {
      const pool = new KeyedPool(options.concurrency);
      for (const action of batch) await pool.submit(action.key, () => run(action));
      await pool.drain();
      batch = [];
    };
    for (const action of actions) {
      if (action.exclusive) {
        await flush();
        await run(action);
      } else {
        batch.push(action);
      }
    }
    await flush();
    if (actions.length === 0 && current.done === 0) report();
  }
  phase?.reporter?.stop();
  stats.refusals.sort((a, b) => b.count - a.count || a.commandType.localeCompare(b.commandType));
  return stats;
}

async function execute(bus: CommandBus, stats: DemoRunStats, command: ICommand): Promise<CommandResult | null> {
  const type = command.constructor.name.replace(/Command$/, '');
  const tally = (stats.commands[type] ??= { appended: 0, noOp: 0, replayed: 0, refused: 0 });
  try {
    const result = (await bus.execute(command)) as CommandResult;
    if (result.replayed) tally.replayed++;
    else if (result.events.length === 0) tally.noOp++;
    else tally.appended++;
    return result;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    tally.refused++;
    countRefusal(stats, type, error.ruleId, error.message);
    return null;
  }
}

function countRefusal(stats: DemoRunStats, commandType: string, ruleId: string | null, message: string): void {
  const known = stats.refusals.find((r) => r.commandType === commandType && r.ruleId === ruleId);
  if (known) known.count++;
  else stats.refusals.push({ commandType, ruleId, count: 1, example: message });
}

function lastDayOfQuarter(day: Temporal.PlainDate): Temporal.PlainDate {
  const firstMonthOfNext = Math.floor((day.month - 1) / 3) * 3 + 4;
  return (firstMonthOfNext > 12 ? Temporal.PlainDate.from({ year: day.year + 1, month: 1, day: 1 }) : Temporal.PlainDate.from({ year: day.year, month: firstMonthOfNext, day: 1 })).subtract({
    days: 1,
  });
}
