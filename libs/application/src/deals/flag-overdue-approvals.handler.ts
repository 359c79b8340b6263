import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '../command-path/handle-command';
import { DealCommandService } from './deal-command.service';
import { FlagOverdueApprovalsCommand } from './flag-overdue-approvals.command';

@CommandHandler(FlagOverdueApprovalsCommand)
export class FlagOverdueApprovalsHandler implements ICommandHandler<FlagOverdueApprovalsCommand> {
  constructor(private readonly service: DealCommandService) {}

  execute({ data, meta }: FlagOverdueApprovalsCommand): Promise<CommandResult> {
    return this.service.execute(meta, { type: 'FlagOverdueApprovals', data });
  }
}
