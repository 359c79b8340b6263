/**
 * `ledger` — the finance and partner-manager CLI. Every command that changes the ledger goes
 * through the same @nestjs/cqrs handlers as the HTTP API.
 */
import 'reflect-metadata';
import { Command } from 'commander';
import { registerDemoCommand } from './commands/demo.cli';
import { registerDisputeCommands } from './commands/dispute.cli';
import { registerImportCommands } from './commands/import.cli';
import { registerKeyCommands } from './commands/keys.cli';
import { registerProjectionCommands } from './commands/projections.cli';
import { registerQuarterCommands } from './commands/quarter.cli';
import { registerStandingCommands } from './commands/standing.cli';
import { registerStatementCommands } from './commands/statement.cli';
import { registerStreamCommand } from './commands/stream.cli';

const program = new Command('ledger').description('Partner commission ledger CLI (DATA_DIR, EVENT_STORE from the environment)');
registerImportCommands(program);
registerDemoCommand(program);
registerProjectionCommands(program);
registerQuarterCommands(program);
registerStatementCommands(program);
registerDisputeCommands(program);
registerStandingCommands(program);
registerStreamCommand(program);
registerKeyCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  const e = error as { message?: string; violations?: { field: string; message: string }[] };
  process.stderr.write(`error: ${e.message ?? String(error)}\n`);
  for (const v of e.violations ?? []) process.stderr.write(`  ${v.field}: ${v.message}\n`);
  process.exitCode = 1;
});
