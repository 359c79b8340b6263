import { Command } from '@nestjs/cqrs';
import type { RecordStatementPayment } from '@ledger/domain';
import type { CommandMeta } from '../command-path/command-runner';
import type { CommandResult } from '../command-path/handle-command';

export class RecordStatementPaymentCommand extends Command<CommandResult> {
  constructor(
    readonly data: RecordStatementPayment['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
