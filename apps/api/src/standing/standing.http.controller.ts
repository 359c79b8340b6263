import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Query, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  CompleteCertificationTrainingCommand,
  CompleteSurveyCommand,
  EnrolCertificationCommand,
  EvaluateTierStandingCommand,
  GrantNfrLicensesCommand,
  RecordExamAttemptCommand,
  RecordLadderDecisionCommand,
  RenewNfrLicensesCommand,
  StandingQueryService,
  StandingQuarterCloseService,
  type CommandResult,
  type PartnerStandingView,
  type StandingQuarterCloseSummary,
} from '@ledger/application';
import { isQuarterId } from '@ledger/domain';
import type { ProgramOverview } from '@ledger/projections';
import type { FastifyRequest } from 'fastify';
import { assertPartnerScope, type Principal as PrincipalValue } from '../platform/auth/principal';
import { Principal } from '../platform/auth/principal.decorator';
import { Roles } from '../platform/auth/roles.decorator';
import { validationProblem } from '../platform/errors/request-validation';
import { httpCommandMeta } from '../shared/command-meta';
import {
  CompleteCertificationTrainingRequestDto,
  CompleteSurveyRequestDto,
  EnrolCertificationRequestDto,
  EvaluateTierStandingRequestDto,
  GrantNfrLicensesRequestDto,
  RecordExamAttemptRequestDto,
  RecordLadderDecisionRequestDto,
  RenewNfrLicensesRequestDto,
} from './standing.request.dto';

@ApiTags('tier standing')
@ApiBearerAuth()
@Controller()
export class StandingController {
  constructor(
    private readonly commands: CommandBus,
    private readonly standing: StandingQueryService,
    private readonly quarterClose: StandingQuarterCloseService,
  ) {}

  @Post('surveys')
  @HttpCode(201)
  @Roles('ingest', 'admin', 'partner-manager')
  @ApiOperation({ summary: 'C-1: ingest a completed customer survey (five ratings, 1–5 stars)' })
  completeSurvey(@Body() body: CompleteSurveyRequestDto, @Req() request: FastifyRequest): Promise<CommandResult> {
    return this.commands.execute(new CompleteSurveyCommand({ ...body, ratings: { ...body.ratings } }, httpCommandMeta(request)));
  }

  @Post('partners/:partnerId/certification/enrolments')
  @HttpCode(201)
  @Roles('admin', 'partner-manager', 'partner')
  @ApiOperation({ summary: 'C-6: enrol in certification (training due within 90 days)' })
  enrolCertification(
    @Param('partnerId') partnerId: string,
    @Body() body: EnrolCertificationRequestDto,
    @Principal() principal: PrincipalValue,
    @Req() request: FastifyRequest,
  ): Promise<CommandResult> {
    assertPartnerScope(principal, partnerId);
    return this.commands.execute(new EnrolCertificationCommand({ partnerId, ...body }, httpCommandMeta(request)));
  }

  @Post('partners/:partnerId/certification/training-completions')
  @HttpCode(201)
  @Roles('admin', 'partner-manager', 'partner')
  @ApiOperation({ summary: 'C-6: record the completed certification training' })
  completeTraining(
    @Param('partnerId') partnerId: string,
    @Body() body: CompleteCertificationTrainingRequestDto,
    @Principal() principal: PrincipalValue,
    @Req() request: FastifyRequest,
  ): Promise<CommandResult> {
    assertPartnerScope(principal, partnerId);
    return this.commands.execute(new CompleteCertificationTrainingCommand({ partnerId, ...body }, httpCommandMeta(request)));
  }

  @Post('partners/:partnerId/certification/exam-attempts')
  @HttpCode(201)
  @Roles('admin', 'partner-manager', 'partner')
  @ApiOperation({ summary: 'C-6: record an exam attempt (pass mark 80%, at most 3 attempts); a pass grants 24 months' })
  recordExamAttempt(
    @Param('partnerId') partnerId: string,
    @Body() body: RecordExamAttemptRequestDto,
    @Principal() principal: PrincipalValue,
    @Req() request: FastifyRequest,
  ): Promise<CommandResult> {
    assertPartnerScope(principal, partnerId);
    return this.commands.execute(new RecordExamAttemptCommand({ partnerId, ...body }, httpCommandMeta(request)));
  }

  @Post('partners/:partnerId/nfr-grants')
  @HttpCode(201)
  @Roles('admin', 'partner-manager')
  @ApiOperation({ summary: 'C-7: grant the NFR licenses of the partner’s tier for 6 months' })
  grantNfr(@Param('partnerId') partnerId: string, @Body() body: GrantNfrLicensesRequestDto, @Req() request: FastifyRequest): Promise<CommandResult> {
    return this.commands.execute(new GrantNfrLicensesCommand({ partnerId, ...body }, httpCommandMeta(request)));
  }

  @Post('partners/:partnerId/nfr-renewals')
  @HttpCode(201)
  @Roles('admin', 'partner-manager')
  @ApiOperation({ summary: 'C-7: renew the NFR licenses while the tier is maintained' })
  renewNfr(@Param('partnerId') partnerId: string, @Body() body: RenewNfrLicensesRequestDto, @Req() request: FastifyRequest): Promise<CommandResult> {
    return this.commands.execute(new RenewNfrLicensesCommand({ partnerId, ...body }, httpCommandMeta(request)));
  }

  @Post('partners/:partnerId/standing-evaluations')
  @HttpCode(201)
  @Roles('admin', 'partner-manager')
  @ApiOperation({ summary: 'C-3..C-7, P-1: evaluate one partner’s standing for an ended quarter (records TierStandingEvaluated)' })
  evaluate(@Param('partnerId') partnerId: string, @Body() body: EvaluateTierStandingRequestDto, @Req() request: FastifyRequest): Promise<CommandResult> {
    return this.commands.execute(new EvaluateTierStandingCommand({ partnerId, ...body }, httpCommandMeta(request)));
  }

  @Post('partners/:partnerId/ladder-decisions')
  @HttpCode(201)
  @Roles('partner-manager', 'admin')
  @ApiOperation({ summary: 'C-5: record the partner manager’s decision on a due ladder step' })
  recordLadderDecision(
    @Param('partnerId') partnerId: string,
    @Body() body: RecordLadderDecisionRequestDto,
    @Req() request: FastifyRequest,
  ): Promise<CommandResult> {
    return this.commands.execute(new RecordLadderDecisionCommand({ partnerId, ...body }, httpCommandMeta(request)));
  }

  @Post('standing/quarters/:quarter/close')
  @HttpCode(200)
  @Roles('admin', 'partner-manager')
  @ApiOperation({ summary: 'C-3..C-5: evaluate every enrolled partner for an ended quarter; re-running appends nothing' })
  closeQuarter(@Param('quarter') quarter: string, @Req() request: FastifyRequest): Promise<StandingQuarterCloseSummary> {
    return this.quarterClose.close(httpCommandMeta(request), quarter);
  }

  @Get('partners/:partnerId/standing')
  @Roles('admin', 'finance', 'partner-manager', 'partner')
  @ApiOperation({ summary: 'C-2..C-7, P-1: a partner’s standing at a quarter end, and its recorded evaluations' })
  @ApiQuery({ name: 'quarter', required: true, example: '2026-Q1' })
  async partnerStanding(
    @Param('partnerId') partnerId: string,
    @Query('quarter') quarter: string | undefined,
    @Principal() principal: PrincipalValue,
  ): Promise<PartnerStandingView> {
    assertPartnerScope(principal, partnerId);
    if (!isQuarterId(quarter)) throw validationProblem([{ field: 'quarter', message: 'quarter is required and must look like 2026-Q1' }]);
    const view = await this.standing.partnerStanding(partnerId, quarter);
    if (!view) throw new NotFoundException(`No standing for partner "${partnerId}"`);
    return view;
  }

  @Get('standing/overview')
  @Roles('admin', 'partner-manager', 'finance')
  @ApiOperation({ summary: 'C-5, C-6: ladder steps awaiting a decision and certification problems across the program' })
  overview(): ProgramOverview {
    return this.standing.overview();
  }
}
