import { Command } from '@nestjs/cqrs';
import type { RecordLadderDecision } from '@ledger/domain';
import type { CommandMeta } from '../command-path/command-runner';
import type { CommandResult } from '../command-path/handle-command';

export class RecordLadderDecisionCommand extends Command<CommandResult> {
  constructor(
    readonly data: RecordLadderDecision['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
