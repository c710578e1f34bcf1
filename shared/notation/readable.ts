/** A clause's notation as a reader wants it in a list: brackets kept,
 *  attributions (`{by="Austria"}`) left out. */
export const readableNotation = (text: string): string => text.replace(/\{by="(?:[^"\\]|\\.)*"\}/g, '')
