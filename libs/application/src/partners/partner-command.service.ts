import { Injectable } from '@nestjs/common';
import { partnerDecider, partnerStreamId, type PartnerCommand } from '@ledger/domain';
import { CommandRunner, type CommandInputOf, type CommandMeta } from '../command-path/command-runner';
import type { CommandResult } from '../command-path/handle-command';
import { ProgramTermsService } from '../program-terms/program-terms.service';

type PartnerCommandInput = CommandInputOf<PartnerCommand>;

/** P-1..P-3, R-3: one stream per partner. */
@Injectable()
export class PartnerCommandService {
  constructor(
    private readonly runner: CommandRunner,
    private readonly terms: ProgramTermsService,
  ) {}

  async execute(meta: CommandMeta, input: PartnerCommandInput): Promise<CommandResult> {
    const command = { ...input, metadata: this.runner.domainMetadata(meta) } as PartnerCommand;
    const terms = await this.terms.book();
    return this.runner.run(meta, {
      streamName: partnerStreamId(String(input.data.partnerId ?? '')),
      decider: partnerDecider,
      command,
      context: { terms },
      occurredAt: () => businessTimeOf(input.data) ?? command.metadata.now,
    });
  }
}

/** The business time a command's data names, if any (T-3). */
export function businessTimeOf(data: object): string | undefined {
  for (const key of ['enrolledAt', 'reportedAt', 'registeredAt', 'approvedAt', 'declinedAt', 'receivedAt', 'closedAt', 'collectedAt', 'refundedAt', 'chargedBackAt', 'placedAt', 'completedAt', 'attemptedAt']) {
    const value = (data as Record<string, unknown>)[key];
    if (typeof value === 'string' && value.length > 0) return value;
  }
  return undefined;
}
