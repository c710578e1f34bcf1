/** Runs `task` at most once per `delay` ms however often it is asked for, and
 *  always once more after the last request: views that summarise the whole
 *  text (counts, matrix) follow typing without costing every keystroke. */
export function coalesce(task: () => void, delay: number): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null
  return () => {
    if (timer !== null) return
    timer = setTimeout(() => {
      timer = null
      task()
    }, delay)
  }
}
