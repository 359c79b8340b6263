import { Module, type DynamicModule } from '@nestjs/common';
import { LedgerApplicationModule, LedgerCoreModule, type LedgerCoreOptions, type LedgerConfig } from '@ledger/application';
import { DealsController } from './deals/deals.http.controller';
import { PartnersController } from './partners/partners.http.controller';
import { PlatformModule } from './platform/platform.module';
import { ProgramTermsController } from './program-terms/program-terms.http.controller';
import { RenewalsController } from './revenue/renewals.http.controller';
import { RevenueController } from './revenue/revenue.http.controller';
import { StandingController } from './standing/standing.http.controller';
import { StatementsController } from './statements/statements.http.controller';

const CONTROLLERS = [
  ProgramTermsController,
  PartnersController,
  DealsController,
  StandingController,
  RevenueController,
  RenewalsController,
  StatementsController,
];

@Module({})
export class AppModule {
  static forRoot(config: LedgerConfig, overrides: Omit<LedgerCoreOptions, 'config'> = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [LedgerCoreModule.forRoot({ config, ...overrides }), LedgerApplicationModule, PlatformModule],
      controllers: CONTROLLERS,
    };
  }
}
