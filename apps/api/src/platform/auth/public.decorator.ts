import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'ledger:isPublic';

/** The route needs no API key (health, docs). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
