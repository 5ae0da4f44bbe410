// Entry of the planner's worker thread (started by planner-thread.ts; its body is planner-worker.ts).
// A worker does not inherit the TypeScript loader of the main thread, whether bin/karvan.js or a
// test runner registered it, so this plain JavaScript file registers tsx before loading the body.
import { register } from 'tsx/esm/api';

register();
await import('./planner-worker.ts');
