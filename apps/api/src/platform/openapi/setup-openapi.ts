/**
 * OpenAPI (ADR 0005): the document at /docs-json (bearer auth scheme), Swagger UI at /docs.
 * @nestjs/swagger serves its UI assets through `@fastify/static`, which this project does not
 * install; the UI is therefore served here from `swagger-ui-dist` (a dependency of
 * @nestjs/swagger) through a fixed allow-list of files. Both routes are public.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export const DOCS_PATH = '/docs';
export const DOCS_JSON_PATH = '/docs-json';

const UI_ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const UI_HTML = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <title>Partner commission ledger API</title>
  <link rel="stylesheet" href="${DOCS_PATH}/swagger-ui.css">
  <link rel="icon" type="image/png" href="${DOCS_PATH}/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="${DOCS_PATH}/swagger-ui-bundle.js"></script>
  <script src="${DOCS_PATH}/swagger-ui-standalone-preset.js"></script>
  <script>
    window.ui = SwaggerUIBundle({
      url: '${DOCS_JSON_PATH}',
      dom_id: '#swagger-ui',
      presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
      layout: 'StandaloneLayout',
      persistAuthorization: true,
    });
  </script>
</body>
</html>
`;

export function setupOpenApi(app: NestFastifyApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Partner commission ledger')
    .setDescription(
      'Event-sourced commission ledger of the partner program. Authenticate with `Authorization: Bearer lk_…`. ' +
        'Errors are RFC 9457 problems (application/problem+json). Send `Idempotency-Key` on writes to retry safely.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key: lk_<keyId>_<secret>' })
    .build();
  SwaggerModule.setup(DOCS_PATH, app, () => SwaggerModule.createDocument(app, config), {
    ui: false,
    raw: ['json'],
    jsonDocumentUrl: DOCS_JSON_PATH,
  });

  const assetsDir = path.dirname(require.resolve('swagger-ui-dist/package.json', { paths: [require.resolve('@nestjs/swagger')] }));
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get(DOCS_PATH, (_request, reply) => reply.type('text/html; charset=utf-8').send(UI_HTML));
  fastify.get<{ Params: { file: string } }>(`${DOCS_PATH}/:file`, (request, reply) => {
    const file = request.params.file;
    if (!Object.hasOwn(UI_ASSETS, file)) return reply.callNotFound();
    const contentType = UI_ASSETS[file]!;
    return reply.type(contentType).header('cache-control', 'public, max-age=3600').send(readFileSync(path.join(assetsDir, file)));
  });
}
