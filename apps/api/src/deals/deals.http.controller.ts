import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Query, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  ApproveDealRegistrationCommand,
  CloseDealLostCommand,
  CloseDealWonCommand,
  DealQueryService,
  DeclineDealRegistrationCommand,
  ExpireProtectionCommand,
  ExtendProtectionCommand,
  FlagOverdueApprovalsCommand,
  OverrideDealRegistrationCommand,
  RecordInboundLeadCommand,
  RegisterDealCommand,
  type CommandResult,
} from '@ledger/application';
import { isValidInstant, type ReplayReport } from '@ledger/domain';
import type { DealTimelineDoc, TimelineAsOf, TimelineEntry } from '@ledger/projections';
import type { FastifyRequest } from 'fastify';
import { assertPartnerScope, type Principal as PrincipalValue } from '../platform/auth/principal';
import { Principal } from '../platform/auth/principal.decorator';
import { Roles } from '../platform/auth/roles.decorator';
import { validationProblem } from '../platform/errors/request-validation';
import { httpCommandMeta } from '../shared/command-meta';
import {
  BusinessTimeRequestDto,
  ExtendProtectionRequestDto,
  OverrideRegistrationRequestDto,
  ReasonRequestDto,
  RegisterDealRequestDto,
} from './deals.request.dto';

@ApiTags('deal registration')
@ApiBearerAuth()
@Controller()
export class DealsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly deals: DealQueryService,
  ) {}

  @Post('deal-registrations')
  @HttpCode(201)
  @Roles('admin', 'partner-manager', 'partner')
  @ApiOperation({ summary: 'D-1..D-4: register a deal; first registration wins (D-3), duplicates are recorded as rejected' })
  register(@Body() body: RegisterDealRequestDto, @Principal() principal: PrincipalValue, @Req() request: FastifyRequest): Promise<CommandResult> {
    assertPartnerScope(principal, body.partnerId);
    return this.commands.execute(new RegisterDealCommand({ ...body, companyDomain: body.companyDomain ?? null }, httpCommandMeta(request)));
  }

  @Post('opportunities/:key/registrations/:registrationId/approval')
  @HttpCode(201)
  @Roles('admin', 'partner-manager')
  @ApiOperation({ summary: 'D-4, D-5: approve; protection starts now for 45 days' })
  approve(@Param('key') key: string, @Param('registrationId') registrationId: string, @Body() body: BusinessTimeRequestDto, @Req() request: FastifyRequest): Promise<CommandResult> {
    return this.commands.execute(
      new ApproveDealRegistrationCommand({ opportunityKey: key, registrationId, approvedAt: body.at }, httpCommandMeta(request)),
    );
  }

  @Post('opportunities/:key/registrations/:registrationId/decline')
  @HttpCode(201)
  @Roles('admin', 'partner-manager')
  @ApiOperation({ summary: 'D-4: decline a pending registration' })
  decline(@Param('key') key: string, @Param('registrationId') registrationId: string, @Body() body: ReasonRequestDto, @Req() request: FastifyRequest): Promise<CommandResult> {
    return this.commands.execute(
      new DeclineDealRegistrationCommand({ opportunityKey: key, registrationId, reason: body.reason, declinedAt: body.at }, httpCommandMeta(request)),
    );
  }

  @Post('opportunities/:key/registrations/:registrationId/extensions')
  @HttpCode(201)
  @Roles('admin', 'partner-manager', 'partner')
  @ApiOperation({ summary: 'D-6, D-7: extend protection by 45 days with a progress note, never beyond 180 days' })
  extend(@Param('key') key: string, @Param('registrationId') registrationId: string, @Body() body: ExtendProtectionRequestDto, @Req() request: FastifyRequest): Promise<CommandResult> {
    return this.commands.execute(
      new ExtendProtectionCommand({ opportunityKey: key, registrationId, progressNote: body.progressNote }, httpCommandMeta(request)),
    );
  }

  @Post('opportunities/:key/registrations/:registrationId/override')
  @HttpCode(201)
  @Roles('admin', 'partner-manager')
  @ApiOperation({ summary: 'D-9: customer-preference override, with notice to the original partner' })
  override(
    @Param('key') key: string,
    @Param('registrationId') registrationId: string,
    @Body() body: OverrideRegistrationRequestDto,
    @Req() request: FastifyRequest,
  ): Promise<CommandResult> {
    return this.commands.execute(new OverrideDealRegistrationCommand({ opportunityKey: key, registrationId, ...body }, httpCommandMeta(request)));
  }

  @Post('opportunities/:key/registrations/:registrationId/closed-won')
  @HttpCode(201)
  @Roles('admin', 'partner-manager')
  @ApiOperation({ summary: 'D-11: closed won; eligible for commission only if approved and protected at close' })
  closeWon(@Param('key') key: string, @Param('registrationId') registrationId: string, @Body() body: BusinessTimeRequestDto, @Req() request: FastifyRequest): Promise<CommandResult> {
    return this.commands.execute(new CloseDealWonCommand({ opportunityKey: key, registrationId, closedAt: body.at }, httpCommandMeta(request)));
  }

  @Post('opportunities/:key/registrations/:registrationId/closed-lost')
  @HttpCode(201)
  @Roles('admin', 'partner-manager')
  @ApiOperation({ summary: 'Closed lost' })
  closeLost(@Param('key') key: string, @Param('registrationId') registrationId: string, @Body() body: ReasonRequestDto, @Req() request: FastifyRequest): Promise<CommandResult> {
    return this.commands.execute(
      new CloseDealLostCommand({ opportunityKey: key, registrationId, reason: body.reason, closedAt: body.at }, httpCommandMeta(request)),
    );
  }

  @Post('opportunities/:key/inbound-leads')
  @HttpCode(201)
  @Roles('admin', 'partner-manager')
  @ApiOperation({ summary: 'D-10: the customer came to Results directly; a protected deal stays the partner’s' })
  inbound(@Param('key') key: string, @Body() body: BusinessTimeRequestDto, @Req() request: FastifyRequest): Promise<CommandResult> {
    return this.commands.execute(new RecordInboundLeadCommand({ opportunityKey: key, receivedAt: body.at }, httpCommandMeta(request)));
  }

  @Post('opportunities/:key/sweeps/overdue-approvals')
  @HttpCode(201)
  @Roles('admin', 'partner-manager')
  @ApiOperation({ summary: 'D-4: flag a registration undecided past its 2-business-day SLA (never auto-approves)' })
  flagOverdue(@Param('key') key: string, @Req() request: FastifyRequest): Promise<CommandResult> {
    return this.commands.execute(new FlagOverdueApprovalsCommand({ opportunityKey: key }, httpCommandMeta(request)));
  }

  @Post('opportunities/:key/sweeps/expiry')
  @HttpCode(201)
  @Roles('admin', 'partner-manager')
  @ApiOperation({ summary: 'D-8: record the lapse of protection that ended without a close' })
  expire(@Param('key') key: string, @Req() request: FastifyRequest): Promise<CommandResult> {
    return this.commands.execute(new ExpireProtectionCommand({ opportunityKey: key }, httpCommandMeta(request)));
  }

  @Get('opportunities')
  @Roles('admin', 'partner-manager', 'finance')
  @ApiOperation({ summary: 'D-2: the opportunity keys any spelling of a company name maps to' })
  @ApiQuery({ name: 'companyName', required: true })
  lookup(@Query('companyName') companyName: string): { companyName: string; opportunityKeys: readonly string[] } {
    if (typeof companyName !== 'string' || companyName.trim() === '' || companyName.length > 200) {
      throw validationProblem([{ field: 'companyName', message: 'companyName is required (1–200 characters)' }]);
    }
    return { companyName, opportunityKeys: this.deals.lookup(companyName) };
  }

  @Get('opportunities/:key/timeline')
  @Roles('admin', 'partner-manager', 'finance', 'partner')
  @ApiOperation({ summary: 'D-12: every step of the opportunity with the rule that decided it; `asOf` shows it as it stood then' })
  @ApiQuery({ name: 'asOf', required: false, description: 'ISO instant' })
  timeline(@Param('key') key: string, @Query('asOf') asOf: string | undefined, @Principal() principal: PrincipalValue): DealTimelineDoc | TimelineAsOf {
    if (asOf !== undefined && !isValidInstant(asOf)) throw validationProblem([{ field: 'asOf', message: 'asOf must be an ISO-8601 instant' }]);
    const view = asOf === undefined ? this.deals.timeline(key) : this.deals.timelineAsOf(key, asOf);
    if (!view) throw new NotFoundException(`No opportunity "${key}"`);
    return principal.role === 'partner' ? partnerView(view, principal) : view;
  }

  @Get('opportunities/:key/replay-check')
  @Roles('admin', 'partner-manager')
  @ApiOperation({ summary: 'D-12: re-run each recorded decision through today’s decider and terms; report differences' })
  async replay(@Param('key') key: string): Promise<ReplayReport> {
    const report = await this.deals.replay(key);
    if (!report) throw new NotFoundException(`No opportunity "${key}"`);
    return report;
  }
}

/** A partner sees only its own steps, and never who else holds or tried the opportunity. */
function partnerView<T extends DealTimelineDoc | TimelineAsOf>(view: T, principal: PrincipalValue): T {
  const own = (e: TimelineEntry) => e.partnerId === principal.partnerId;
  const entries = view.entries.filter(own);
  if (entries.length === 0) throw new NotFoundException('No opportunity with your registrations under this key');
  assertPartnerScope(principal, entries[0]!.partnerId);
  const mask = <P extends { partnerId: string | null; registrationId: string | null }>(p: P): P =>
    p.partnerId === principal.partnerId ? p : { ...p, partnerId: null, registrationId: null };
  return {
    ...view,
    entries: entries.map((e) => ({ ...e, protection: mask(e.protection) })),
    protection: mask(view.protection),
    ...('companyNames' in view ? { companyNames: [] } : {}),
  };
}
