/**
 * The `arabicLLM.datasets.kinds` setting: glob → dataset kind, for files whose kind detection gets wrong.
 * Globs match the path relative to the workspace folder (`**` any folders, `*` within a name, `?` one
 * character, `{a,b}` alternatives); a glob without `/` matches the file name anywhere.
 */
import { isDatasetKind, type DatasetKind } from './datasetKinds';

export function globToRegExp(glob: string): RegExp {
  let out = '';
  let inBraces = false;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      out += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '{') { out += '(?:'; inBraces = true; }
    else if (c === '}' && inBraces) { out += ')'; inBraces = false; }
    else if (c === ',' && inBraces) out += '|';
    else out += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** The overriding kind for a file, or undefined; invalid kinds in the setting are ignored. */
export function kindOverrideFor(relativePath: string, overrides: Record<string, string> | undefined): DatasetKind | undefined {
  if (!overrides) return undefined;
  const normalized = relativePath.replace(/\\/g, '/').replace(/^\.\//, '');
  const name = normalized.slice(normalized.lastIndexOf('/') + 1);
  for (const [glob, kind] of Object.entries(overrides)) {
    if (!isDatasetKind(kind)) continue;
    const target = glob.includes('/') ? normalized : name;
    if (globToRegExp(glob.replace(/^\.\//, '')).test(target)) return kind;
  }
  return undefined;
}
