import { Command } from '@nestjs/cqrs';
import type { IssueStatement } from '@ledger/domain';
import type { CommandMeta } from '../command-path/command-runner';
import type { CommandResult } from '../command-path/handle-command';

export class IssueStatementCommand extends Command<CommandResult> {
  constructor(
    readonly data: IssueStatement['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
