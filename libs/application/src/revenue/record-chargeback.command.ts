import { Command } from '@nestjs/cqrs';
import type { RecordChargeback } from '@ledger/domain';
import type { CommandMeta } from '../command-path/command-runner';
import type { CommandResult } from '../command-path/handle-command';

export class RecordChargebackCommand extends Command<CommandResult> {
  constructor(
    readonly data: RecordChargeback['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
