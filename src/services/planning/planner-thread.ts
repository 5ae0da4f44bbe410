import { Worker } from 'node:worker_threads';
import type { ExactPlan, PlanInput } from '../../domain/planner/index.js';

/** A plan to make in the worker: the planner's input as JSON, and its budget. */
export interface PlanJob {
  id: number;
  input: string;
  timeLimitSeconds: number | undefined;
}

/** The plan (an `ExactPlan` as JSON) and the planner's own time, or why it failed. */
export type PlanJobResult = { id: number; plan: string; elapsedMs: number } | { id: number; error: string };

/**
 * Runs the allocation planner in a worker thread, so that the server keeps answering other
 * requests while a plan is made (the planner is synchronous and may run for its whole budget).
 * One worker per process, started on the first plan and kept for the next ones (loading the
 * planner and HiGHS takes longer than a small plan); plans queue and are solved one at a time.
 * The worker does not keep the process alive while no plan is waiting.
 */
let worker: Worker | undefined;
let nextId = 0;
const waiting = new Map<number, { resolve: (result: { plan: ExactPlan; elapsedMs: number }) => void; reject: (error: Error) => void }>();

function start(): Worker {
  const started = new Worker(new URL('./start-planner-worker.js', import.meta.url));
  started.unref();
  started.on('message', (result: PlanJobResult) => {
    const job = waiting.get(result.id);
    waiting.delete(result.id);
    if (waiting.size === 0) started.unref();
    if (!job) return;
    if ('error' in result) job.reject(new Error(`the planner failed: ${result.error}`));
    else job.resolve({ plan: JSON.parse(result.plan) as ExactPlan, elapsedMs: result.elapsedMs });
  });
  // A worker that dies takes its queued plans with it; the next plan starts a new one.
  const fail = (error: Error) => {
    if (worker === started) worker = undefined;
    for (const job of waiting.values()) job.reject(error);
    waiting.clear();
  };
  started.on('error', fail);
  started.on('exit', (code) => fail(new Error(`the planner's worker thread stopped (exit code ${code})`)));
  return started;
}

/** `planAllocations(input, highs, { timeLimitSeconds })` in the worker thread, with its time in ms. */
export function planInWorker(input: PlanInput, timeLimitSeconds: number | undefined): Promise<{ plan: ExactPlan; elapsedMs: number }> {
  worker ??= start();
  const id = nextId++;
  const job: PlanJob = { id, input: JSON.stringify(input), timeLimitSeconds };
  const result = new Promise<{ plan: ExactPlan; elapsedMs: number }>((resolve, reject) => waiting.set(id, { resolve, reject }));
  worker.ref();
  worker.postMessage(job);
  return result;
}
