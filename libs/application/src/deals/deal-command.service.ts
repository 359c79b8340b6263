import { Injectable } from '@nestjs/common';
import {
  DomainError,
  dealRegistrationDecider,
  opportunityKey,
  opportunityStreamId,
  type DealRegistrationCommand,
} from '@ledger/domain';
import { CommandRunner, type CommandInputOf, type CommandMeta } from '../command-path/command-runner';
import type { CommandResult } from '../command-path/handle-command';
import { PartnerRepository } from '../partners/partner-repository';
import { businessTimeOf } from '../partners/partner-command.service';
import { ProgramTermsService } from '../program-terms/program-terms.service';

type DealCommandInput = CommandInputOf<DealRegistrationCommand>;

/**
 * D-1..D-11: one stream per opportunity key (D-2), so first-registration-wins (D-3) holds under
 * concurrency through the expected revision of that stream.
 */
@Injectable()
export class DealCommandService {
  constructor(
    private readonly runner: CommandRunner,
    private readonly terms: ProgramTermsService,
    private readonly partners: PartnerRepository,
  ) {}

  async execute(meta: CommandMeta, input: DealCommandInput): Promise<CommandResult> {
    const command = { ...input, metadata: this.runner.domainMetadata(meta) } as DealRegistrationCommand;
    const key = input.type === 'RegisterDeal' ? opportunityKey(input.data) : requireKey(input.data.opportunityKey);
    const [terms, partner] = await Promise.all([this.terms.book(), this.partners.find(contextPartnerId(input, meta))]);
    return this.runner.run(meta, {
      streamName: opportunityStreamId(key),
      decider: dealRegistrationDecider,
      command,
      context: { terms, partner },
      occurredAt: () => businessTimeOf(input.data) ?? command.metadata.now,
    });
  }
}

/** The partner whose state the decider needs: the registering one, the override's new one, or the acting partner. */
function contextPartnerId(input: DealCommandInput, meta: CommandMeta): string | null {
  switch (input.type) {
    case 'RegisterDeal':
      return input.data.partnerId;
    case 'OverrideDealRegistration':
      return input.data.newPartnerId;
    default:
      return meta.actingPartnerId ?? null;
  }
}

function requireKey(key: unknown): string {
  if (typeof key !== 'string' || !/^[\p{Ll}\p{Lo}\p{N}][\p{Ll}\p{Lo}\p{N}.-]{0,299}$/u.test(key)) {
    throw DomainError.validation([{ field: 'opportunityKey', message: 'must be an opportunity key (lower-case letters, digits, "-" and ".")' }], 'D-2');
  }
  return key;
}
