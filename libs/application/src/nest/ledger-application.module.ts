/**
 * The command and query side shared by every app (API, CLI, importers, tests): @nestjs/cqrs
 * handlers over the one generic command path, and the query services over the read models.
 */
import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { COMMAND_HANDLERS, QUERY_SERVICES } from './handlers';

@Module({
  imports: [CqrsModule.forRoot()],
  providers: [...COMMAND_HANDLERS, ...QUERY_SERVICES],
  exports: [CqrsModule, ...QUERY_SERVICES],
})
export class LedgerApplicationModule {}
