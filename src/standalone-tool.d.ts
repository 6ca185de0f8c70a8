/** The standalone command-line file of this build (src/integrations/standalone-tool.ts), for the pages that offer it. */
declare module 'virtual:failure-catalogue/standalone-tool' {
  /** Path under the site's base, e.g. tools/failure-catalogue.mjs. */
  export const TOOL_PATH: string;
  /** SHA-256 of the file, hex. */
  export const TOOL_SHA256: string;
  export const TOOL_BYTES: number;
}
