/**
 * Given/when/then for deciders (STYLE: emmett's DeciderSpecification): given past events,
 * when a command (with its context), then the new events — or a refusal (a DomainError, hence
 * no events).
 */
import { fold, type Decider } from '../../shared/decider';
import { DomainError, type DomainErrorCode } from '../../shared/domain-error';

export interface ExpectedRefusal {
  readonly code?: DomainErrorCode;
  readonly ruleId?: string | null;
  /** The exact set of fields with violations (order-insensitive). */
  readonly fields?: readonly string[];
  readonly message?: RegExp;
}

export function deciderSpecification<C, E, S, Ctx>(decider: Decider<C, E, S, Ctx>) {
  return {
    given(events: readonly E[]) {
      return {
        when(command: C, context: Ctx) {
          const run = (): readonly E[] =>
            decider.decide(command, fold(decider.evolve, decider.initialState(), events), context);
          return {
            then(expected: readonly E[]): void {
              expect(run()).toEqual(expected);
            },
            thenNothing(): void {
              expect(run()).toEqual([]);
            },
            thenRefused(expected: ExpectedRefusal): DomainError {
              let thrown: unknown = null;
              let produced: readonly E[] | null = null;
              try {
                produced = run();
              } catch (error) {
                thrown = error;
              }
              expect(produced).toBeNull();
              expect(thrown).toBeInstanceOf(DomainError);
              const error = thrown as DomainError;
              if (expected.code !== undefined) expect(error.code).toBe(expected.code);
              if (expected.ruleId !== undefined) expect(error.ruleId).toBe(expected.ruleId);
              if (expected.fields !== undefined) {
                expect(error.violations.map((v) => v.field).sort()).toEqual([...expected.fields].sort());
              }
              if (expected.message !== undefined) expect(error.message).toMatch(expected.message);
              return error;
            },
          };
        },
      };
    },
  };
}
