import type { EventStore } from '@ledger/event-store';
import type { ProjectionRunner } from '@ledger/projections';

/**
 * Resolves once the read models have processed every event recorded so far (the head read now).
 * Without a live projector in this process (the CLI, PROJECTOR=external) this process's own read
 * models are brought up to the head first (ADR 0004), as StandingCommandService does.
 */
export async function readModelsCaughtUp(store: EventStore, runner: ProjectionRunner): Promise<void> {
  const head = await store.headPosition();
  if (head === null) return;
  if (!runner.running) {
    await runner.runUntilCaughtUp();
    return;
  }
  await runner.waitForPosition(head);
}
