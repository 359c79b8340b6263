import type { Command } from 'commander';
import { withLedger } from '../cli-context';
import { ApiKeyService } from '../../../api/src/platform/auth/api-key.service';
import { isRole } from '../../../api/src/platform/auth/role';
import { printTable } from '../output';

export function registerKeyCommands(program: Command): void {
  const keys = program.command('keys').description('API keys (stored hashed; a token is shown once)');

  keys
    .command('issue')
    .requiredOption('--role <role>', 'admin | finance | partner-manager | partner | ingest | subscriber')
    .option('--partner <partnerId>', 'required for --role partner')
    .option('--label <label>', 'who or what the key is for', '')
    .action((options: { role: string; partner?: string; label: string }) =>
      withLedger(async ({ app }) => {
        if (!isRole(options.role)) throw new Error(`unknown role "${options.role}"`);
        const issued = app.get(ApiKeyService).issue({ role: options.role, partnerId: options.partner, label: options.label });
        process.stdout.write(`key ${issued.keyId} (${issued.role}${issued.partnerId ? ` for ${issued.partnerId}` : ''}) — token, shown once:\n${issued.token}\n`);
      }),
    );

  keys
    .command('revoke')
    .argument('<keyId>')
    .action((keyId: string) =>
      withLedger(async ({ app }) => {
        app.get(ApiKeyService).revoke(keyId);
        process.stdout.write(`revoked ${keyId}\n`);
      }),
    );

  keys.command('list').action(() =>
    withLedger(async ({ app }) => {
      printTable(app.get(ApiKeyService).list() as unknown as Record<string, unknown>[]);
    }),
  );
}
