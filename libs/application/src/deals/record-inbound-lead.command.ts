import { Command } from '@nestjs/cqrs';
import type { RecordInboundLead } from '@ledger/domain';
import type { CommandMeta } from '../command-path/command-runner';
import type { CommandResult } from '../command-path/handle-command';

export class RecordInboundLeadCommand extends Command<CommandResult> {
  constructor(
    readonly data: RecordInboundLead['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
