// Whether a path lies inside a folder, after both are resolved: no `..` or symbolic link leads
// out unnoticed. Pure (paths in, answer out), so Node tests load it.
import * as nodePath from 'node:path';

/**
 * True when `file` is `folder` itself or lies below it. Both should be real paths (symbolic links
 * resolved); they are normalised here too, so `<folder>/../x` is outside. `path`: the platform's
 * path rules (Windows compares without case).
 */
export function isInsideFolder(folder: string, file: string, path: Pick<typeof nodePath, 'resolve' | 'relative' | 'isAbsolute' | 'sep'> = nodePath): boolean {
  const rel = path.relative(path.resolve(folder), path.resolve(file));
  if (rel === '') return true;
  return rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}
