import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { FEED_CATEGORIES } from './stream-category';

const TYPE = '[A-Za-z][A-Za-z0-9]{0,99}';
const CATEGORY = `(?:${FEED_CATEGORIES.join('|')})`;

export class FeedQueryDto {
  @ApiPropertyOptional({ description: 'Exclusive global position to start after, or "start" (default)', example: 'start' })
  @IsOptional()
  @Matches(/^(start|\d{1,20})$/, { message: 'from must be "start" or a global position (digits)' })
  readonly from?: string;

  @ApiPropertyOptional({ description: 'Comma-separated event types', example: 'DealRegistered,DealClosedWon' })
  @IsOptional()
  @Matches(new RegExp(`^${TYPE}(,${TYPE}){0,49}$`), { message: 'types must be a comma-separated list of event type names' })
  readonly types?: string;

  @ApiPropertyOptional({ description: `Comma-separated stream categories: ${FEED_CATEGORIES.join(', ')}`, example: 'partner,payment' })
  @IsOptional()
  @Matches(new RegExp(`^${CATEGORY}(,${CATEGORY})*$`), {
    message: `categories must be a comma-separated list of: ${FEED_CATEGORIES.join(', ')}`,
  })
  readonly categories?: string;
}

export const EVENTS_PAGE_DEFAULT = 100;
export const EVENTS_PAGE_MAX = 1000;

export class EventsQueryDto extends FeedQueryDto {
  @ApiPropertyOptional({ description: `Page size (1-${EVENTS_PAGE_MAX})`, default: EVENTS_PAGE_DEFAULT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(EVENTS_PAGE_MAX)
  readonly limit?: number;
}
