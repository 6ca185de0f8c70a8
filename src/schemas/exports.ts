/**
 * exports/index.json: the list of files under /api/v1/exports/ (detection rules, playbooks, the rulebook), each
 * with what a subscriber needs to verify a download and to fetch only what changed.
 */
import { z } from 'astro/zod';

export const exportIndexEntry = z
  .strictObject({
    path: z.string().min(1).describe('Path relative to /api/v1/exports/, with forward slashes, e.g. loki/nova.rules.yaml.'),
    content_type: z.string().min(1).describe('The HTTP Content-Type it is served with.'),
    bytes: z.int().nonnegative().describe('Size of the file in bytes.'),
    sha256: z.string().regex(/^[0-9a-f]{64}$/).describe('SHA-256 of the file, lowercase hex, as sha256sum prints it.'),
    description: z.string().min(1).describe('What the file is and who uses it.'),
  })
  .describe('One export file.');

export const exportIndexDocument = z
  .strictObject({
    schema_version: z.string().describe('Version of the feed schema the exports were generated from.'),
    generated: z.iso.datetime().describe('When this build generated the exports.'),
    files: z.array(exportIndexEntry).describe('Every export, sorted by path.'),
  })
  .describe('The index of the detection rules, Ansible playbooks and rulebook published under /api/v1/exports/.');

export type ExportIndexEntry = z.output<typeof exportIndexEntry>;
