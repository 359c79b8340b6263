import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { ROLES, type Role } from './role';

export class IssueApiKeyRequestDto {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  readonly role!: Role;

  @ApiPropertyOptional({ description: 'Required for (and only for) a partner key', example: 'acme-partners' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, { message: 'partnerId must be 1-100 letters, digits, ".", "_" or "-"' })
  readonly partnerId?: string;

  @ApiProperty({ description: 'Who or what uses the key', example: 'billing system (prod)' })
  @IsString()
  @Length(1, 200)
  readonly label!: string;
}
