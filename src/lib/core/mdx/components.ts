/**
 * The components an `.mdx` entry may use, and their attributes. MDX is code, so entries get this small, documented
 * set and nothing else (the content check enforces it); each renders readable HTML without JavaScript.
 */
export interface MdxComponentSpec {
  /** What it is for, shown in CONTRIBUTING.md and the content-model page. */
  purpose: string;
  /** Attributes (string values only), and whether each is required. */
  attributes: Record<string, { required: boolean; description: string }>;
}

export const MDX_COMPONENTS = {
  ToolCommands: {
    purpose: 'Commands for one deployment tool (and the releases they apply to), so an entry can give each tool its own syntax.',
    attributes: {
      tool: { required: true, description: 'Deployment tool ID from content/taxonomy/deployment-tools.yaml, e.g. kolla-ansible.' },
      releases: { required: false, description: 'Releases the commands apply to, e.g. "2024.2 onward".' },
    },
  },
  Steps: { purpose: 'A numbered list of Step elements.', attributes: {} },
  Step: {
    purpose: 'One step of a procedure; put a Check inside it to say how to confirm the step worked before the next one.',
    attributes: { title: { required: true, description: 'What the step does, imperative.' } },
  },
  Check: { purpose: 'How to confirm the step (or the whole procedure) worked.', attributes: {} },
} as const satisfies Record<string, MdxComponentSpec>;

export type MdxComponentName = keyof typeof MDX_COMPONENTS;
export const MDX_COMPONENT_NAMES = Object.keys(MDX_COMPONENTS) as MdxComponentName[];
