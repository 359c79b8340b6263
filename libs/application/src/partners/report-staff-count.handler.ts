import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '../command-path/handle-command';
import { PartnerCommandService } from './partner-command.service';
import { ReportStaffCountCommand } from './report-staff-count.command';

@CommandHandler(ReportStaffCountCommand)
export class ReportStaffCountHandler implements ICommandHandler<ReportStaffCountCommand> {
  constructor(private readonly service: PartnerCommandService) {}

  execute({ data, meta }: ReportStaffCountCommand): Promise<CommandResult> {
    return this.service.execute(meta, { type: 'ReportStaffCount', data });
  }
}
