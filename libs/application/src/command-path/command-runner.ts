/**
 * Nest-facing wrapper of the generic command path: every @nestjs/cqrs handler is a few lines
 * over `CommandRunner.run`. It supplies the store, the clock and the trace, and counts outcomes.
 */
import { Inject, Injectable, Optional } from '@nestjs/common';
import type { DomainCommand, DomainEvent } from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';
import { CLOCK, type Clock } from '../time/clock';
import { EVENT_STORE } from '../nest/tokens';
import { handleCommand, type CommandRequest, type CommandResult } from './handle-command';

/** Who asked, and under which ids. Built by controllers, the CLI and importers. */
export interface CommandMeta {
  readonly commandId: string;
  readonly actor: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  /** When a partner's own API key issued the command: that partner (scopes what it may do). */
  readonly actingPartnerId?: string;
}

/** What a handler passes to a command service: a domain command without its metadata (added by the runner). */
export type CommandInputOf<C extends DomainCommand> = { [K in C['type']]: { type: K; data: Extract<C, { type: K }>['data'] } }[C['type']];

/** Optional observer (metrics) notified of each command outcome. */
export interface CommandObserver {
  onCommand(commandType: string, outcome: 'appended' | 'no-op' | 'replayed' | 'rejected' | 'failed', durationMs: number): void;
}
export const COMMAND_OBSERVER = Symbol('CommandObserver');

@Injectable()
export class CommandRunner {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() @Inject(COMMAND_OBSERVER) private readonly observer?: CommandObserver,
  ) {}

  /** Record time for a new command (`metadata.now`). */
  now(): string {
    return this.clock.now().toString();
  }

  domainMetadata(meta: CommandMeta): DomainCommand['metadata'] {
    return { now: this.now(), commandId: meta.commandId, actor: meta.actor };
  }

  async run<C extends DomainCommand, E extends DomainEvent, S, Ctx>(
    meta: CommandMeta,
    request: Omit<CommandRequest<C, E, S, Ctx>, 'trace'>,
  ): Promise<CommandResult> {
    const started = performance.now();
    try {
      const result = await handleCommand(this.store, this.clock, {
        ...request,
        trace: { correlationId: meta.correlationId, causationId: meta.causationId },
      });
      const outcome = result.replayed ? 'replayed' : result.events.length === 0 ? 'no-op' : 'appended';
      this.observer?.onCommand(request.command.type, outcome, performance.now() - started);
      return result;
    } catch (error) {
      const outcome = (error as Error)?.name === 'DomainError' ? 'rejected' : 'failed';
      this.observer?.onCommand(request.command.type, outcome, performance.now() - started);
      throw error;
    }
  }
}
