/** The installed package's root folder (dist/alw.js lives one level below it). */
import * as path from 'node:path';

export function packageRoot(): string {
  return path.resolve(__dirname, '..');
}
