import type { APIRoute, GetStaticPaths } from 'astro';
import { getFeedContext, remediationDocument } from '../../../../../lib/feed/feed-context.ts';
import { ansiblePlaybook, playbookRemediations } from '../../../../../lib/feed/exports/ansible-playbooks.ts';
import type { ExportFile } from '../../../../../lib/feed/exports/export-file.ts';
import { pageKey } from '../../../../../lib/site/page-keys.ts';

// One playbook per remediation with automation. Built here, so the body is the cache key: unchanged playbooks are reused.
export const getStaticPaths = (async () => {
  const context = await getFeedContext(new URL(import.meta.env.SITE));
  const documents = context.catalogue.remediations.map((r) => remediationDocument(r, context));
  return playbookRemediations(documents).map((document) => {
    const file = ansiblePlaybook(document);
    return { params: { id: document.id }, props: { file }, cacheKey: pageKey(context.catalogue, file) };
  });
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ file: ExportFile }> = ({ props }) => new Response(props.file.body, { headers: { 'Content-Type': props.file.contentType } });
