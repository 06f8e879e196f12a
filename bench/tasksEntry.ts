// What bench/tasksFile.ts bundles with esbuild and times: the two calls as dist/ ships them.
export { parseTasks } from '../src/core/features/tasks';
export { analyse } from '../src/core/features/traceability';
