/** How big the demo program is. `full` is the realistic program; `small` is for tests. */
export interface DemoScale {
  readonly name: 'small' | 'full';
  readonly partners: number;
  readonly opportunities: number;
  /** Months between license installments (monthly at full scale, quarterly when small). */
  readonly billingMonths: number;
  /** Commands in flight at once within one business day. */
  readonly concurrency: number;
}

export const DEMO_SCALES: Readonly<Record<DemoScale['name'], DemoScale>> = {
  small: { name: 'small', partners: 20, opportunities: 60, billingMonths: 3, concurrency: 16 },
  full: { name: 'full', partners: 300, opportunities: 3000, billingMonths: 1, concurrency: 64 },
};
