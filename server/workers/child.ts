// The entry of an import process (bin/build.mjs builds it as
// dist/server/child.js; from the sources it runs through tsx): it runs the
// one task its parent sends (server/workers/process.ts), answers, and is
// ended by the parent.
import { runTask, type Task } from './tasks'

process.once('message', async (task: Task) => {
  process.send?.(await runTask(task))
})
