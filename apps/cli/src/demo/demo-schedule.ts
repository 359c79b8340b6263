/**
 * The demo's timeline: actions keyed by the stream they write (so actions on one stream run in
 * order, one at a time) and bucketed by business day. An action may schedule follow-ups on later
 * days (e.g. a quarter close schedules the confirmations of the statements it issued).
 */
import type { INestApplicationContext } from '@nestjs/common';
import type { ICommand } from '@nestjs/cqrs';
import type { CommandMeta, CommandResult } from '@ledger/application';
import { Temporal } from 'temporal-polyfill';
import { localDateOf, recordTimeOf } from './demo-calendar';

export interface DemoEnv {
  /** For the application services a quarter close uses. */
  readonly app: INestApplicationContext;
  /** Dispatches through the command bus; a domain refusal is counted and yields null. */
  execute(command: ICommand): Promise<CommandResult | null>;
  /** Counts a refusal reported by an application operation (e.g. a partner a close could not evaluate). */
  countRefusal(operation: string, ruleId: string | null, message: string): void;
}

export interface DemoAction {
  /** Business time; for commands that take their time from the clock, the day's record time. */
  readonly at: Temporal.Instant;
  /** The stream the action writes: actions with the same key never run concurrently. */
  readonly key: string;
  /** Unique; the command id is `demo:<id>`. */
  readonly id: string;
  readonly actor: string;
  readonly actingPartnerId?: string;
  /** Runs alone (quarter closes read every read model). */
  readonly exclusive?: boolean;
  /** Returns follow-up actions, which must fall on later days. */
  run(env: DemoEnv, meta: CommandMeta): Promise<readonly DemoAction[] | void>;
}

interface Entry {
  readonly action: DemoAction;
  readonly seq: number;
}

export class DemoSchedule {
  private readonly days = new Map<string, Entry[]>();
  private seq = 0;
  private lastDay: Temporal.PlainDate;

  constructor(lastDay: Temporal.PlainDate) {
    this.lastDay = lastDay;
  }

  /** Adds an action; actions after the last simulated day are dropped (they have not happened yet). */
  add(action: DemoAction): void {
    const day = localDateOf(action.at);
    if (Temporal.PlainDate.compare(day, this.lastDay) > 0) return;
    if (Temporal.Instant.compare(action.at, recordTimeOf(day)) > 0) {
      throw new Error(`demo action ${action.id} at ${action.at} is after its day's record time`);
    }
    const key = day.toString();
    const list = this.days.get(key) ?? [];
    list.push({ action, seq: this.seq++ });
    this.days.set(key, list);
  }

  /** Removes and returns the day's actions in business-time order (ties: insertion order). */
  take(day: Temporal.PlainDate): DemoAction[] {
    const list = this.days.get(day.toString()) ?? [];
    this.days.delete(day.toString());
    return list.sort((a, b) => Temporal.Instant.compare(a.action.at, b.action.at) || a.seq - b.seq).map((e) => e.action);
  }

  /** Actions scheduled from `from` to `to` (inclusive). */
  countBetween(from: Temporal.PlainDate, to: Temporal.PlainDate): number {
    // ISO dates (YYYY-MM-DD) order as strings: no date parsing per bucket.
    const [first, last] = [from.toString(), to.toString()];
    let n = 0;
    for (const [day, list] of this.days) if (day >= first && day <= last) n += list.length;
    return n;
  }
}

/** An action that dispatches one command built from its metadata. */
export function commandAction(spec: Omit<DemoAction, 'run'> & { readonly command: (meta: CommandMeta) => ICommand }): DemoAction {
  const { command, ...rest } = spec;
  return {
    ...rest,
    run: async (env, meta) => {
      await env.execute(command(meta));
    },
  };
}
