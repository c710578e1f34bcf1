/** Word-mode diff of two texts (see baseline.mjs); returns diff-match-patch's [op, text] tuples. */
export function wordModeDiff(before: string, after: string, timeout?: number): [number, string][]
