/** The components every `.mdx` entry gets from the page (src/lib/core/mdx/components.ts documents them). */
import Check from './Check.astro';
import Step from './Step.astro';
import Steps from './Steps.astro';
import ToolCommands from './ToolCommands.astro';

export const mdxComponents = { Check, Step, Steps, ToolCommands };
