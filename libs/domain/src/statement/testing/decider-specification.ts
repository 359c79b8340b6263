/**
 * Given/when/then for deciders (STYLE: emmett's DeciderSpecification): given past events, when a
 * command, then the new events — or the DomainError it was refused with.
 */
import { DomainError } from '../../shared/domain-error';
import type { Decider } from '../../shared/decider';

export interface DeciderSpecification<Command, Event, Context> {
  given(events: readonly Event[]): {
    when(command: Command, context: Context): {
      then(expected: readonly Event[]): void;
      thenNothing(): void;
      thenThrows(match: Partial<Pick<DomainError, 'code' | 'ruleId'>> & { message?: RegExp; field?: string }): DomainError;
    };
  };
}

export function deciderSpecification<Command, Event, State, Context>(
  decider: Decider<Command, Event, State, Context>,
): DeciderSpecification<Command, Event, Context> {
  return {
    given(events) {
      return {
        when(command, context) {
          const run = () => decider.decide(command, events.reduce(decider.evolve, decider.initialState()), context);
          return {
            then(expected) {
              expect(run()).toEqual(expected);
            },
            thenNothing() {
              expect(run()).toEqual([]);
            },
            thenThrows(match) {
              let error: unknown;
              try {
                run();
              } catch (e) {
                error = e;
              }
              expect(error).toBeInstanceOf(DomainError);
              const domainError = error as DomainError;
              if (match.code !== undefined) expect(domainError.code).toBe(match.code);
              if (match.ruleId !== undefined) expect(domainError.ruleId).toBe(match.ruleId);
              if (match.message !== undefined) expect(domainError.message).toMatch(match.message);
              if (match.field !== undefined) expect(domainError.violations.map((v) => v.field)).toContain(match.field);
              return domainError;
            },
          };
        },
      };
    },
  };
}
