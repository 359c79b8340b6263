import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '../command-path/handle-command';
import { DealCommandService } from './deal-command.service';
import { RecordInboundLeadCommand } from './record-inbound-lead.command';

@CommandHandler(RecordInboundLeadCommand)
export class RecordInboundLeadHandler implements ICommandHandler<RecordInboundLeadCommand> {
  constructor(private readonly service: DealCommandService) {}

  execute({ data, meta }: RecordInboundLeadCommand): Promise<CommandResult> {
    return this.service.execute(meta, { type: 'RecordInboundLead', data });
  }
}
