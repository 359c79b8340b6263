import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

/** T-2: integer minor units as a string ("5000000" = USD 50,000.00) and an ISO 4217 code. */
export class MoneyRequestDto {
  @ApiProperty({ example: '5000000', description: 'Integer minor units (cents), as a string' })
  @Matches(/^-?(0|[1-9][0-9]{0,17})$/, { message: 'amountMinor must be an integer number of minor units, as a string of at most 18 digits' })
  amountMinor!: string;

  @ApiProperty({ example: 'USD' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as USD' })
  currency!: string;
}
