/** Walks the run-config schema along a key path, for completion and hover. */
import { resolveRef, runConfigSchema, type KeyPath, type SchemaNode } from '../runs/runConfigSchema';

/** The branch of the top-level oneOf that a config with this `stage:` value is checked against. */
function rootFor(stage: unknown): SchemaNode {
  const branches = (runConfigSchema.oneOf ?? []).map(resolveRef);
  return branches.find((b) => b.properties?.stage?.enum?.includes(stage)) ?? branches[0];
}

/** Of an anyOf/oneOf (a path or a mapping …), the alternative that can hold keys (or list items). */
function shaped(node: SchemaNode, want: 'properties' | 'items'): SchemaNode {
  const resolved = resolveRef(node);
  const alternatives = (resolved.anyOf ?? resolved.oneOf ?? []).map(resolveRef);
  return alternatives.find((a) => a[want]) ?? resolved;
}

export function schemaAt(path: KeyPath, stage: unknown): SchemaNode | undefined {
  let node: SchemaNode | undefined = rootFor(stage);
  for (const segment of path) {
    if (!node) return undefined;
    node = typeof segment === 'number' ? shaped(node, 'items').items : shaped(node, 'properties').properties?.[segment];
  }
  return node ? resolveRef(node) : undefined;
}

/** The keys a mapping at this path may hold. */
export function keysAt(path: KeyPath, stage: unknown): Record<string, SchemaNode> {
  const node = schemaAt(path, stage);
  if (!node) return {};
  const properties = shaped(node, 'properties').properties ?? {};
  return Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, resolveRef(v)]));
}

/** The values worth offering for a scalar key: its enum, booleans, else examples. */
export function valuesFor(node: SchemaNode): unknown[] {
  const alternatives = [node, ...(node.anyOf ?? node.oneOf ?? []).map(resolveRef)];
  if (alternatives.some((a) => a.enum)) return alternatives.flatMap((a) => a.enum ?? []);
  if (alternatives.some((a) => a.type === 'boolean')) return [true, false];
  return node.examples ?? [];
}

/** "integer, default 50" — the short line shown next to a key. */
export function typeLine(node: SchemaNode): string {
  // A node with its own type uses anyOf only to limit values (max_steps: -1 or >= 1), not for other shapes.
  const alternatives = node.type ? undefined : node.anyOf ?? node.oneOf;
  const types = alternatives ? alternatives.map(resolveRef).map((a) => a.type ?? 'object') : [node.type ?? (node.properties ? 'object' : 'any')];
  const kind = types.flat().map((t) => (t === 'object' ? 'mapping' : t === 'array' ? 'list' : t)).join(' | ');
  return node.default === undefined ? kind : `${kind}, default ${JSON.stringify(node.default)}`;
}
