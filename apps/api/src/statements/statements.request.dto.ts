import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { MoneyRequestDto } from '../shared/money.request.dto';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const money = (field: string) => ({ message: `${field} must be money: { amountMinor: "<integer minor units>", currency: "USD" } (T-2)` });

/** S-4: the partner invoices the payable amount of its confirmed statement. */
export class InvoiceStatementRequestDto {
  @ApiProperty({ example: 'INV-2026-017' })
  @IsString()
  @Length(1, 100)
  invoiceNumber!: string;

  @ApiProperty({ type: MoneyRequestDto, description: 'Must equal the statement’s payable amount' })
  @IsObject(money('amount'))
  @ValidateNested()
  @Type(() => MoneyRequestDto)
  amount!: MoneyRequestDto;
}

/** S-4: Results pays the invoice; after the due date (quarter end + 30 days) the payment is flagged late. */
export class RecordStatementPaymentRequestDto {
  @ApiProperty({ type: MoneyRequestDto, description: 'Must equal the invoiced amount' })
  @IsObject(money('amount'))
  @ValidateNested()
  @Type(() => MoneyRequestDto)
  amount!: MoneyRequestDto;

  @ApiProperty({ example: '2026-04-20T15:00:00Z', description: 'Business time of the payment' })
  @Matches(INSTANT, { message: 'paidAt must be an ISO-8601 instant with offset (T-3)' })
  paidAt!: string;

  @ApiProperty({ example: 'ACH-20260420-0042' })
  @IsString()
  @Length(1, 200)
  paymentReference!: string;
}
