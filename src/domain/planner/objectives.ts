import type { Objective } from './linear-model.js';
import { priorities, type Priority } from './types.js';

/**
 * The planner's objectives, optimised lexicographically (docs/planner.md): units arriving in
 * time for critical needs, then high, medium and low. Shelf life and route length break ties
 * when the optimum is turned into lines (first-expiry-first-out within each departure).
 */
export const PLAN_OBJECTIVES: readonly Objective[] = priorities.map((p): Objective => ({ name: `served_${p}`, sense: 'max' }));

export const servedObjective = (p: Priority): number => priorities.indexOf(p);
