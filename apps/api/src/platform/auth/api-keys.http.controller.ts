import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiKeyService, type ApiKeyRecord, type IssuedApiKey } from './api-key.service';
import { IssueApiKeyRequestDto } from './issue-api-key.request.dto';
import { Roles } from './roles.decorator';

@ApiTags('api-keys')
@ApiBearerAuth()
@Roles('admin')
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeyService) {}

  /** Issues a key; the response is the only time its token is shown. */
  @Post()
  issue(@Body() body: IssueApiKeyRequestDto): IssuedApiKey {
    return this.keys.issue({ role: body.role, partnerId: body.partnerId ?? null, label: body.label });
  }

  @Get()
  list(): { keys: ApiKeyRecord[] } {
    return { keys: this.keys.list() };
  }

  @Delete(':keyId')
  revoke(@Param('keyId') keyId: string): ApiKeyRecord {
    return this.keys.revoke(keyId);
  }
}
