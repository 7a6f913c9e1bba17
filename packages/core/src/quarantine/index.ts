/** Quarantine and isolation (issue #16 items 1–5): orders, home care, warning signs, escalation. */
export * from './types.ts';
export * from './orders.ts';
export * from './eligibility.ts';
export * from './warnings.ts';
export * from './escalation.ts';
