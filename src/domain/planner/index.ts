export { planAllocations, greedyPlan, type ExactPlan, type PlanOptimality, type PlanOptions } from './plan.js';
export { solveReference } from './reference-model.js';
export * from './types.js';
