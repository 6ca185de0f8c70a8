/**
 * Field reference generated from the zod schemas (through their JSON Schema), so the documentation can never
 * disagree with what the check enforces.
 */
import { z } from 'astro/zod';

export interface FieldDoc {
  name: string;
  type: string;
  required: boolean;
  description: string;
}

type JsonSchema = { type?: string | string[]; enum?: unknown[]; items?: JsonSchema; anyOf?: JsonSchema[]; properties?: Record<string, JsonSchema>; required?: string[]; description?: string; format?: string; pattern?: string; default?: unknown };

function typeOf(schema: JsonSchema): string {
  if (schema.enum) return schema.enum.map((v) => String(v)).join(' | ');
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(' or ');
  if (schema.type === 'array') return `list of ${schema.items ? typeOf(schema.items) : 'values'}`;
  if (schema.format === 'date') return 'date (YYYY-MM-DD)';
  if (schema.format === 'uri') return 'URL';
  if (schema.type === 'object') return 'mapping';
  return String(schema.type ?? 'value');
}

/** One row per field, nested mappings flattened as `parent.child`. */
export function fieldDocs(schema: z.ZodType): FieldDoc[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const rows: FieldDoc[] = [];
  const walk = (node: JsonSchema, prefix: string) => {
    for (const [name, prop] of Object.entries(node.properties ?? {})) {
      const item = prop.type === 'array' && prop.items?.properties ? prop.items : undefined;
      rows.push({
        name: `${prefix}${name}`,
        type: typeOf(prop),
        required: (node.required ?? []).includes(name) && prop.default === undefined,
        description: prop.description ?? '',
      });
      if (prop.properties) walk(prop, `${prefix}${name}.`);
      if (item) walk(item, `${prefix}${name}[].`);
    }
  };
  walk(json, '');
  return rows;
}
