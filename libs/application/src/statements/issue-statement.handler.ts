import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '../command-path/handle-command';
import { StatementCommandService } from './statement-command.service';
import { IssueStatementCommand } from './issue-statement.command';

@CommandHandler(IssueStatementCommand)
export class IssueStatementHandler implements ICommandHandler<IssueStatementCommand> {
  constructor(private readonly service: StatementCommandService) {}

  execute({ data, meta }: IssueStatementCommand): Promise<CommandResult> {
    return this.service.execute(meta, { type: 'IssueStatement', data });
  }
}
