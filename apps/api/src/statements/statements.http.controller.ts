import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  ConfirmStatementCommand,
  InvoiceStatementCommand,
  RecordStatementPaymentCommand,
  StatementAuditService,
  StatementIssuingService,
  StatementQueryService,
  statementCsv,
  statementExport,
  type CommandResult,
  type EventLinesView,
  type LineAuditView,
  type QuarterCloseSummary,
  type StatementExport,
  type StatementListEntry,
  type StatementView,
  type TaxYearView,
  type VerificationReport,
} from '@ledger/application';
import { isQuarterId } from '@ledger/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { assertPartnerScope, type Principal as PrincipalValue } from '../platform/auth/principal';
import { Principal } from '../platform/auth/principal.decorator';
import { Roles } from '../platform/auth/roles.decorator';
import { validationProblem } from '../platform/errors/request-validation';
import { httpCommandMeta } from '../shared/command-meta';
import { InvoiceStatementRequestDto, RecordStatementPaymentRequestDto } from './statements.request.dto';

const LINE_ID = /^[A-Za-z0-9][A-Za-z0-9_:.-]{0,511}$/;
const EVENT_ID = /^[A-Za-z0-9][A-Za-z0-9_:.-]{0,199}$/;

@ApiTags('statements')
@ApiBearerAuth()
@Controller()
export class StatementsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly issuing: StatementIssuingService,
    private readonly statements: StatementQueryService,
    private readonly audit: StatementAuditService,
  ) {}

  @Post('quarters/:quarter/close')
  @HttpCode(200)
  @Roles('finance', 'admin')
  @ApiOperation({ summary: 'S-3: close an ended quarter and issue every partner’s statement (sealed, immutable); re-running appends nothing' })
  close(@Param('quarter') quarter: string, @Req() request: FastifyRequest): Promise<QuarterCloseSummary> {
    return this.issuing.closeQuarter(httpCommandMeta(request), checkQuarter(quarter));
  }

  @Get('partners/:partnerId/statements')
  @Roles('finance', 'admin', 'partner')
  @ApiOperation({ summary: 'S-1, S-4: a partner’s statements, issued and open, oldest first' })
  list(@Param('partnerId') partnerId: string, @Principal() principal: PrincipalValue): { partnerId: string; statements: StatementListEntry[] } {
    assertPartnerScope(principal, partnerId);
    const list = this.statements.statementsOf(partnerId);
    if (!list) throw new NotFoundException(`No partner "${partnerId}"`);
    return list;
  }

  @Get('partners/:partnerId/statements/:quarter')
  @Roles('finance', 'admin', 'partner')
  @ApiOperation({ summary: 'S-1..S-5: a statement (issued, or a preview of an open quarter); `format=csv|json` exports it with its lines in order' })
  @ApiQuery({ name: 'format', required: false, enum: ['csv', 'json'] })
  @ApiProduces('application/json', 'text/csv')
  async get(
    @Param('partnerId') partnerId: string,
    @Param('quarter') quarter: string,
    @Query('format') format: string | undefined,
    @Principal() principal: PrincipalValue,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StatementView | StatementExport | string> {
    assertPartnerScope(principal, partnerId);
    if (format !== undefined && format !== 'csv' && format !== 'json') {
      throw validationProblem([{ field: 'format', message: 'format must be "csv" or "json"' }]);
    }
    const view = await this.statements.statement(partnerId, checkQuarter(quarter));
    if (!view) throw new NotFoundException(`No statement of "${partnerId}" for ${quarter}`);
    if (format === undefined) return view;
    void reply.header('content-disposition', `attachment; filename="${view.statementId}.${format}"`);
    if (format === 'json') return statementExport(view);
    void reply.type('text/csv; charset=utf-8');
    return statementCsv(view);
  }

  @Get('partners/:partnerId/statements/:quarter/lines/:lineId/audit')
  @Roles('finance', 'admin', 'partner')
  @ApiOperation({ summary: 'A-1, A-2: the chain of source events behind a statement line, each checked against the log, and its share recomputed' })
  async lineAudit(
    @Param('partnerId') partnerId: string,
    @Param('quarter') quarter: string,
    @Param('lineId') lineId: string,
    @Principal() principal: PrincipalValue,
  ): Promise<LineAuditView> {
    assertPartnerScope(principal, partnerId);
    if (!LINE_ID.test(lineId)) throw validationProblem([{ field: 'lineId', message: 'lineId must be a statement line id' }]);
    const audit = await this.audit.explain(partnerId, checkQuarter(quarter), lineId);
    if (!audit) throw new NotFoundException(`No line "${lineId}" on the statement of "${partnerId}" for ${quarter}`);
    return audit;
  }

  @Get('events/:eventId/statement-lines')
  @Roles('finance', 'admin')
  @ApiOperation({ summary: 'A-2: the issued statement lines an event produced or is cited by' })
  linesOfEvent(@Param('eventId') eventId: string): Promise<EventLinesView> {
    if (!EVENT_ID.test(eventId)) throw validationProblem([{ field: 'eventId', message: 'eventId must be an event id' }]);
    return this.audit.linesOf(eventId);
  }

  @Post('partners/:partnerId/statements/:quarter/confirmation')
  @HttpCode(201)
  @Roles('partner', 'admin')
  @ApiOperation({ summary: 'S-4: the partner confirms its issued statement' })
  confirm(@Param('partnerId') partnerId: string, @Param('quarter') quarter: string, @Principal() principal: PrincipalValue, @Req() request: FastifyRequest): Promise<CommandResult> {
    assertPartnerScope(principal, partnerId);
    return this.commands.execute(new ConfirmStatementCommand({ partnerId, quarter: checkQuarter(quarter) }, httpCommandMeta(request)));
  }

  @Post('partners/:partnerId/statements/:quarter/invoice')
  @HttpCode(201)
  @Roles('partner', 'admin')
  @ApiOperation({ summary: 'S-4: the partner invoices the payable amount of its confirmed statement' })
  invoice(
    @Param('partnerId') partnerId: string,
    @Param('quarter') quarter: string,
    @Body() body: InvoiceStatementRequestDto,
    @Principal() principal: PrincipalValue,
    @Req() request: FastifyRequest,
  ): Promise<CommandResult> {
    assertPartnerScope(principal, partnerId);
    return this.commands.execute(
      new InvoiceStatementCommand({ partnerId, quarter: checkQuarter(quarter), invoiceNumber: body.invoiceNumber, amount: { ...body.amount } }, httpCommandMeta(request)),
    );
  }

  @Post('partners/:partnerId/statements/:quarter/payment')
  @HttpCode(201)
  @Roles('finance', 'admin')
  @ApiOperation({ summary: 'S-4, S-6: Results pays the invoice; flagged late after the due date; counts toward the 1099 year' })
  pay(@Param('partnerId') partnerId: string, @Param('quarter') quarter: string, @Body() body: RecordStatementPaymentRequestDto, @Req() request: FastifyRequest): Promise<CommandResult> {
    return this.commands.execute(
      new RecordStatementPaymentCommand({ partnerId, quarter: checkQuarter(quarter), ...body, amount: { ...body.amount } }, httpCommandMeta(request)),
    );
  }

  @Post('statements/verify')
  @HttpCode(200)
  @Roles('finance', 'admin')
  @ApiOperation({ summary: 'A-2, S-3, S-7: recompute every issued statement from the event log and check its seal' })
  verify(): Promise<VerificationReport> {
    return this.audit.verify();
  }

  @Get('partners/:partnerId/tax-years/:year')
  @Roles('finance', 'admin')
  @ApiOperation({ summary: 'S-6: payments of a calendar year and the 1099 flag (threshold effective-dated by payment year)' })
  async taxYear(@Param('partnerId') partnerId: string, @Param('year') year: string): Promise<TaxYearView> {
    if (!/^\d{4}$/.test(year)) throw validationProblem([{ field: 'year', message: 'year must be a calendar year like 2026' }]);
    const view = await this.statements.taxYear(partnerId, Number(year));
    if (!view) throw new NotFoundException(`No partner "${partnerId}"`);
    return view;
  }
}

function checkQuarter(quarter: string): string {
  if (!isQuarterId(quarter)) throw validationProblem([{ field: 'quarter', message: 'quarter must look like 2026-Q1' }]);
  return quarter;
}
