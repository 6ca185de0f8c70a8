import type { AstroIntegration } from 'astro';
import { createHash } from 'node:crypto';
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { builtinProfileTexts } from '../../scripts/lib/builtin-profiles.ts';

/**
 * The catalogue's command line as one self-contained file, published with the site at /tools/failure-catalogue.mjs
 * (with /tools/failure-catalogue.mjs.sha256 in sha256sum's format): scripts/failure-catalogue.ts and everything it
 * imports, bundled by esbuild into one ES module for Node 20 or newer, so a cloud downloads one file and runs it
 * with the Node it has; no clone, no npm install.
 *
 * The bundle is built once per build, before pages render, so /match/ and /api/ can print its checksum (from the
 * virtual module `virtual:failure-catalogue/standalone-tool`), and written into the output when the build is done.
 */

export const TOOL_PATH = 'tools/failure-catalogue.mjs';
export const TOOL_ENTRY = 'scripts/failure-catalogue.ts';
/** The oldest Node the file supports: Debian 13 and Ubuntu 24.04 LTS ship Node 20. */
export const TOOL_NODE_TARGET = 'node20';
const VIRTUAL_ID = 'virtual:failure-catalogue/standalone-tool';

export interface StandaloneTool {
  code: string;
  sha256: string;
  bytes: number;
}

export interface ToolBuildOptions {
  /** Repository root (where scripts/ and src/ are). */
  root: string;
  /** The feed the file matches against by default: this site's …/api/v1/. */
  feedUrl: string;
}

/** Bundles the command line; the same function the build and the tests call. */
export async function buildStandaloneTool(options: ToolBuildOptions): Promise<StandaloneTool> {
  const result = await build({
    absWorkingDir: options.root,
    entryPoints: [TOOL_ENTRY],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: TOOL_NODE_TARGET,
    write: false,
    minify: false,
    legalComments: 'eof',
    charset: 'utf8',
    logLevel: 'silent',
    // The entry's `#!/usr/bin/env node` stays the first line (esbuild keeps an entry point's hashbang). Some
    // dependencies are CommonJS and call require() for Node's built-in modules, which an ES module lacks.
    banner: { js: "import { createRequire as __fcCreateRequire } from 'node:module';\nconst require = __fcCreateRequire(import.meta.url);" },
    define: {
      // scripts/match.ts runs itself only as the main module; inside the bundle the dispatcher calls it.
      'import.meta.main': 'false',
      // The repository the outcome links point at: this build's, frozen in (forks publish their own).
      'process.env.CATALOGUE_REPOSITORY': JSON.stringify(process.env.CATALOGUE_REPOSITORY ?? ''),
      'process.env.CATALOGUE_BRANCH': JSON.stringify(process.env.CATALOGUE_BRANCH ?? ''),
    },
    plugins: [inlineBuiltinProfiles(), defaultFeed(options.feedUrl)],
  });
  const code = result.outputFiles[0]!.text;
  return { code, sha256: createHash('sha256').update(code).digest('hex'), bytes: Buffer.byteLength(code) };
}

/** The built-in deployment profiles are files beside the sources; the bundle carries their text instead. */
function inlineBuiltinProfiles(): Plugin {
  return {
    name: 'failure-catalogue:builtin-profiles',
    setup(b) {
      b.onLoad({ filter: /[\\/]scripts[\\/]lib[\\/]builtin-profiles\.ts$/ }, async () => {
        const texts = builtinProfileTexts();
        return { loader: 'js', contents: `export const PROFILES_DIR = '(built in)';\nexport function builtinProfileTexts() { return ${JSON.stringify(texts)}; }\n` };
      });
    },
  };
}

/** The file's default --feed is the feed of the site that publishes it, not necessarily the upstream catalogue's. */
function defaultFeed(feedUrl: string): Plugin {
  return {
    name: 'failure-catalogue:default-feed',
    setup(b) {
      b.onLoad({ filter: /[\\/]src[\\/]lib[\\/]matcher[\\/]node[\\/]feed-source\.ts$/ }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        const declaration = /export const DEFAULT_FEED_URL = '[^']*';/;
        if (!declaration.test(source)) throw new Error(`${args.path}: DEFAULT_FEED_URL is no longer a plain string constant; update src/integrations/standalone-tool.ts`);
        return { loader: 'ts', contents: source.replace(declaration, `export const DEFAULT_FEED_URL = ${JSON.stringify(feedUrl)};`) };
      });
    },
  };
}

/** sha256sum's format, so `sha256sum -c failure-catalogue.mjs.sha256` checks a download. */
export function checksumFile(tool: StandaloneTool): string {
  return `${tool.sha256}  ${TOOL_PATH.split('/').pop()}\n`;
}

export function standaloneTool(): AstroIntegration {
  let tool: Promise<StandaloneTool> | undefined;
  let root = '';
  let feedUrl = '';
  const get = () => (tool ??= buildStandaloneTool({ root, feedUrl }));
  return {
    name: 'failure-catalogue:standalone-tool',
    hooks: {
      'astro:config:setup': ({ config, updateConfig }) => {
        root = fileURLToPath(config.root);
        const base = config.base.endsWith('/') ? config.base : `${config.base}/`;
        feedUrl = new URL(`${base}api/v1/`, config.site ?? 'http://localhost:4321').href;
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'failure-catalogue:standalone-tool',
                resolveId: (id: string) => (id === VIRTUAL_ID ? `\0${VIRTUAL_ID}` : undefined),
                load: async (id: string) => {
                  if (id !== `\0${VIRTUAL_ID}`) return undefined;
                  const { sha256, bytes } = await get();
                  return `export const TOOL_PATH = ${JSON.stringify(TOOL_PATH)};\nexport const TOOL_SHA256 = ${JSON.stringify(sha256)};\nexport const TOOL_BYTES = ${bytes};\n`;
                },
              },
            ],
          },
        });
      },
      'astro:server:setup': ({ server }) => {
        // `astro dev` serves the file too, so the links on /match/ and /api/ work there.
        server.middlewares.use(async (req, res, next) => {
          const path = (req.url ?? '').split('?')[0]!;
          if (!path.endsWith(`/${TOOL_PATH}`) && !path.endsWith(`/${TOOL_PATH}.sha256`)) return next();
          const built = await get();
          res.setHeader('content-type', path.endsWith('.sha256') ? 'text/plain; charset=utf-8' : 'text/javascript; charset=utf-8');
          res.end(path.endsWith('.sha256') ? checksumFile(built) : built.code);
        });
      },
      'astro:build:done': async ({ dir, logger }) => {
        const built = await get();
        const out = join(fileURLToPath(dir), TOOL_PATH);
        mkdirSync(join(out, '..'), { recursive: true });
        writeFileSync(out, built.code, { mode: 0o755 });
        writeFileSync(`${out}.sha256`, checksumFile(built));
        logger.info(`Wrote /${TOOL_PATH} (${Math.round(built.bytes / 1024)} KiB, sha256 ${built.sha256})`);
      },
    },
  };
}
