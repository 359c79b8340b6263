import { Command } from '@nestjs/cqrs';
import type { ReportStaffCount } from '@ledger/domain';
import type { CommandMeta } from '../command-path/command-runner';
import type { CommandResult } from '../command-path/handle-command';

export class ReportStaffCountCommand extends Command<CommandResult> {
  constructor(
    readonly data: ReportStaffCount['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
