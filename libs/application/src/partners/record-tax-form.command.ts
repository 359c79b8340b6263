import { Command } from '@nestjs/cqrs';
import type { RecordTaxForm } from '@ledger/domain';
import type { CommandMeta } from '../command-path/command-runner';
import type { CommandResult } from '../command-path/handle-command';

export class RecordTaxFormCommand extends Command<CommandResult> {
  constructor(
    readonly data: RecordTaxForm['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
