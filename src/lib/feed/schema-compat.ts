/**
 * The feed's promise is that v1 only grows. This compares a published JSON Schema with a newly generated one and
 * lists every change that could break a consumer: a field removed or no longer always present, a type changed, or
 * allowed values narrowed. Adding optional fields, widening enums or relaxing limits is fine.
 */
type Schema = Record<string, unknown>;

const asArray = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function resolve(node: Schema, root: Schema): Schema {
  const ref = node.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return node;
  let target: unknown = root;
  for (const part of ref.slice(2).split('/')) target = (target as Schema)[part];
  return resolve(target as Schema, root);
}

export function findBreakingChanges(published: Schema, generated: Schema): string[] {
  const changes: string[] = [];
  const walk = (oldIn: Schema, newIn: Schema, path: string) => {
    const oldNode = resolve(oldIn, published);
    const newNode = resolve(newIn, generated);
    const at = path || '(root)';

    const oldTypes = asArray(oldNode.type);
    const newTypes = asArray(newNode.type);
    if (oldTypes.length > 0 && oldTypes.some((t) => !newTypes.includes(t)) && newTypes.length > 0) {
      changes.push(`${at}: type changed from ${oldTypes.join('|')} to ${newTypes.join('|')}`);
    }
    if (oldNode.enum !== undefined) {
      const allowed = asArray(newNode.enum);
      const dropped = asArray(oldNode.enum).filter((v) => newNode.enum !== undefined && !allowed.includes(v));
      if (dropped.length > 0) changes.push(`${at}: allowed values removed: ${dropped.join(', ')}`);
    } else if (newNode.enum !== undefined) {
      changes.push(`${at}: narrowed to the values ${asArray(newNode.enum).join(', ')}`);
    }
    if (newNode.pattern !== undefined && newNode.pattern !== oldNode.pattern) changes.push(`${at}: pattern changed to ${String(newNode.pattern)}`);
    for (const key of ['minLength', 'minItems', 'minimum'] as const) {
      if (typeof newNode[key] === 'number' && (typeof oldNode[key] !== 'number' || (newNode[key] as number) > (oldNode[key] as number))) {
        changes.push(`${at}: ${key} raised to ${String(newNode[key])}`);
      }
    }
    for (const key of ['maxLength', 'maxItems', 'maximum'] as const) {
      if (typeof newNode[key] === 'number' && (typeof oldNode[key] !== 'number' || (newNode[key] as number) < (oldNode[key] as number))) {
        changes.push(`${at}: ${key} lowered to ${String(newNode[key])}`);
      }
    }

    const oldProps = (oldNode.properties ?? {}) as Record<string, Schema>;
    const newProps = (newNode.properties ?? {}) as Record<string, Schema>;
    const newRequired = asArray(newNode.required);
    for (const name of asArray(oldNode.required)) {
      if (!newRequired.includes(name) && newProps[name as string]) changes.push(`${at}.${String(name)}: no longer always present`);
    }
    for (const [name, oldProp] of Object.entries(oldProps)) {
      const newProp = newProps[name];
      if (!newProp) changes.push(`${path}.${name}: removed`);
      else walk(oldProp, newProp, `${path}.${name}`);
    }
    if (oldNode.items && newNode.items) walk(oldNode.items as Schema, newNode.items as Schema, `${path}[]`);
    if (oldNode.additionalProperties && typeof oldNode.additionalProperties === 'object' && newNode.additionalProperties && typeof newNode.additionalProperties === 'object') {
      walk(oldNode.additionalProperties as Schema, newNode.additionalProperties as Schema, `${path}{}`);
    }
    for (const key of ['anyOf', 'oneOf'] as const) {
      const oldOptions = asArray(oldNode[key]) as Schema[];
      const newOptions = asArray(newNode[key]) as Schema[];
      if (oldOptions.length > newOptions.length) changes.push(`${at}: ${key} lost ${oldOptions.length - newOptions.length} alternative(s)`);
      else oldOptions.forEach((option, i) => walk(option, newOptions[i]!, `${path}<${key}${i}>`));
    }
  };
  walk(published, generated, '');
  return changes;
}
