// The entry of the worker threads (bin/build.mjs builds it as
// dist/server/worker.js; from the sources it runs through tsx). Piscina
// calls the default export once per task.
import { runTask } from './tasks'

export default runTask
