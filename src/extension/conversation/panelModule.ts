// The conversation panel's bundle (dist/conversation/panel.js), required on first use: by the
// extension (panelHost.ts) and by the test seam (conversationSeam.ts, in its own bundle), so that
// both get the one loaded module.
import * as path from 'node:path';
import type * as Panel from './conversationPanel';

/** The panel's bundle, loaded on first use. */
export function panelModule(): typeof Panel {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(__dirname, 'conversation', 'panel.js')) as typeof Panel;
}
