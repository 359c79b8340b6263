import { Inject, Injectable } from '@nestjs/common';
import { Temporal } from 'temporal-polyfill';
import { assertNever, paymentStreamId, revenueDecider, type RevenueCommand } from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';
import { CommandRunner, type CommandInputOf, type CommandMeta } from '../command-path/command-runner';
import type { CommandResult } from '../command-path/handle-command';
import { EVENT_STORE } from '../nest/tokens';
import { ProgramTermsService } from '../program-terms/program-terms.service';
import { customerPartnerOf } from './customer-partner';

export type RevenueCommandInput = CommandInputOf<RevenueCommand>;

/**
 * one stream per external payment id (`payment-<paymentId>`), so a repeated
 * payment id finds its stream and is a no-op, and refunds and chargebacks are decided
 * against the collection they reverse. A collection's partner is the customer's D-11
 * attribution when it is recorded; reversals copy the collection's partner.
 */
@Injectable()
export class RevenueCommandService {
  constructor(
    private readonly runner: CommandRunner,
    private readonly terms: ProgramTermsService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute(meta: CommandMeta, input: RevenueCommandInput): Promise<CommandResult> {
    const metadata = this.runner.domainMetadata(meta);
    const book = await this.terms.book();
    const partnerId = input.type === 'CollectRevenue' ? await customerPartnerOf(this.store, input.data.customerKey) : null;
    return this.runner.run(meta, {
      streamName: paymentStreamId(String(input.data.paymentId ?? '')),
      decider: revenueDecider,
      command: { ...input, metadata } as RevenueCommand,
      context: { partnerId, book },
      // T-3: events exist only for accepted commands, whose business time the decider validated.
      occurredAt: () => Temporal.Instant.from(businessTimeOf(input)).toString(),
    });
  }
}

function businessTimeOf(input: RevenueCommandInput): string {
  switch (input.type) {
    case 'CollectRevenue':
      return input.data.collectedAt;
    case 'RefundRevenue':
      return input.data.refundedAt;
    case 'RecordChargeback':
      return input.data.chargedBackAt;
    default:
      return assertNever(input, 'revenue command');
  }
}
