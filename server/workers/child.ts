// The entry of a worker process (bin/build.mjs builds it as
// dist/server/child.js; from the sources it runs through tsx): it runs the
// tasks its parent sends (server/workers/process.ts), one at a time, and
// answers each; it ends with its parent.
import { runTask, type Task } from './tasks'

process.on('message', async (task: Task) => {
  process.send?.(await runTask(task))
})
process.on('disconnect', () => process.exit(0))
