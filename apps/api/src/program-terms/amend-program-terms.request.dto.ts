import { ApiProperty } from '@nestjs/swagger';
import { IsObject, IsString, Length, Matches } from 'class-validator';

export class AmendProgramTermsRequestDto {
  @ApiProperty({ description: 'The complete terms object (see GET /program-terms); validated field by field by the domain (T-1)' })
  @IsObject()
  terms!: Record<string, unknown>;

  @ApiProperty({ example: '2027-01-01' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'effectiveFrom must be an ISO date (YYYY-MM-DD)' })
  effectiveFrom!: string;

  @ApiProperty()
  @IsString()
  @Length(1, 1000)
  reason!: string;
}
