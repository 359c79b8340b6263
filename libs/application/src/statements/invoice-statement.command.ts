import { Command } from '@nestjs/cqrs';
import type { InvoiceStatement } from '@ledger/domain';
import type { CommandMeta } from '../command-path/command-runner';
import type { CommandResult } from '../command-path/handle-command';

export class InvoiceStatementCommand extends Command<CommandResult> {
  constructor(
    readonly data: InvoiceStatement['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
