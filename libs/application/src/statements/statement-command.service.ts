import { Inject, Injectable } from '@nestjs/common';
import { Temporal } from 'temporal-polyfill';
import {
  assertNever,
  quarterCloseDecider,
  quarterStreamId,
  statementDecider,
  statementStreamId,
  type CloseQuarter,
  type StatementCommand,
} from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';
import { sha256Hex } from '@ledger/projections';
import { CommandRunner, type CommandInputOf, type CommandMeta } from '../command-path/command-runner';
import { loadStream, type CommandResult } from '../command-path/handle-command';
import { EVENT_STORE } from '../nest/tokens';
import { ProgramTermsService } from '../program-terms/program-terms.service';

type StatementDomainCommand = StatementCommand | CloseQuarter;

export type StatementCommandInput = CommandInputOf<StatementDomainCommand>;

/**
 * S-3, S-4: the quarter close (`quarter-<quarter>`, once per quarter) and each statement's
 * lifecycle (`statement-<partnerId>-<quarter>`: issue → confirm → invoice → paid). Whether the
 * quarter is closed is read from its stream (strongly consistent); seals are SHA-256 (S-3).
 * Closing a quarter AND issuing its statements is `StatementIssuingService.closeQuarter`.
 */
@Injectable()
export class StatementCommandService {
  constructor(
    private readonly runner: CommandRunner,
    private readonly terms: ProgramTermsService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute(meta: CommandMeta, input: StatementCommandInput): Promise<CommandResult> {
    const metadata = this.runner.domainMetadata(meta);
    const book = await this.terms.book();
    const quarter = String(input.data.quarter ?? '');
    if (input.type === 'CloseQuarter') {
      return this.runner.run(meta, {
        streamName: quarterStreamId(quarter),
        decider: quarterCloseDecider,
        command: { ...input, metadata },
        context: { book },
      });
    }
    const quarterClosed = (await loadStream(this.store, quarterStreamId(quarter), quarterCloseDecider)).state.closed !== null;
    return this.runner.run(meta, {
      streamName: statementStreamId(String(input.data.partnerId ?? ''), quarter),
      decider: statementDecider,
      command: { ...input, metadata } as StatementCommand,
      context: { quarterClosed, book, hash: sha256Hex },
      occurredAt: () => businessTimeOf(input) ?? metadata.now,
    });
  }
}

/** T-3: the payment's business time; the other lifecycle steps happen when they are recorded. */
function businessTimeOf(input: Exclude<StatementCommandInput, { type: 'CloseQuarter' }>): string | null {
  switch (input.type) {
    case 'RecordStatementPayment':
      return Temporal.Instant.from(input.data.paidAt).toString();
    case 'IssueStatement':
    case 'ConfirmStatement':
    case 'InvoiceStatement':
      return null;
    default:
      return assertNever(input, 'statement command');
  }
}
