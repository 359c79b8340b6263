import { Inject, Injectable } from '@nestjs/common';
import { Temporal } from 'temporal-polyfill';
import { DomainError, assertNever, renewalDecider, renewalStreamId, type RenewalCommand } from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';
import { CommandRunner, type CommandInputOf, type CommandMeta } from '../command-path/command-runner';
import type { CommandResult } from '../command-path/handle-command';
import { EVENT_STORE } from '../nest/tokens';
import { customerPartnerOf } from '../revenue/customer-partner';

export type RenewalCommandInput = CommandInputOf<RenewalCommand>;

/**
 * one renewal chain per customer (`renewal-<customerKey>`). The original partner is the
 * customer's D-11 attribution, read from its opportunity stream when the command is decided.
 * A partner's own key may place renewals of its own customers only: placing one for another
 * partner's customer would break that partner's chain, so it is answered as an unknown
 * customer (nothing about the other partner is revealed).
 */
@Injectable()
export class RenewalCommandService {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute(meta: CommandMeta, input: RenewalCommandInput): Promise<CommandResult> {
    const metadata = this.runner.domainMetadata(meta);
    const originalPartnerId = await customerPartnerOf(this.store, input.data.customerKey);
    if (meta.actingPartnerId !== undefined && originalPartnerId !== meta.actingPartnerId) {
      throw DomainError.notFound(`R-6: customer "${String(input.data.customerKey)}" with a won deal of partner ${meta.actingPartnerId}`, 'customerKey');
    }
    return this.runner.run(meta, {
      streamName: renewalStreamId(String(input.data.customerKey ?? '')),
      decider: renewalDecider,
      command: { ...input, metadata } as RenewalCommand,
      context: { originalPartnerId },
      occurredAt: () => Temporal.Instant.from(businessTimeOf(input)).toString(),
    });
  }
}

function businessTimeOf(input: RenewalCommandInput): string {
  switch (input.type) {
    case 'PlaceRenewal':
      return input.data.placedAt;
    case 'RecordRenewalMissed':
      return input.data.missedAt;
    default:
      return assertNever(input, 'renewal command');
  }
}
