import { parentPort } from 'node:worker_threads';
import { planAllocations } from '../../domain/planner/index.js';
import { loadHighs } from '../highs.js';
import type { PlanJob, PlanJobResult } from './planner-thread.js';

/**
 * The planner's worker thread: solves one plan at a time, in the order they come. Input and plan
 * travel as JSON text, which Node copies between threads much faster than structured clones of
 * tens of thousands of small objects.
 */
const highs = await loadHighs();
const port = parentPort!;
port.on('message', (job: PlanJob) => {
  let result: PlanJobResult;
  try {
    const started_ms = performance.now();
    const plan = planAllocations(JSON.parse(job.input), highs, { timeLimitSeconds: job.timeLimitSeconds });
    result = { id: job.id, plan: JSON.stringify(plan), elapsedMs: Math.round(performance.now() - started_ms) };
  } catch (error) {
    result = { id: job.id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(result);
});
