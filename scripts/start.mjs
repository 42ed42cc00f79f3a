// `npm start`: runs the compiled service from dist/, compiling it first when a source changed
// since the last build. Production thus runs plain JavaScript, without the TypeScript loader
// (about 40 MB less resident memory; see docs/performance.md).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, distDir, isBuildCurrent } from './build.mjs';

if (!isBuildCurrent()) {
  console.log('Compiling the service into dist/ (after each change to src/ or flows/)…');
  try {
    build();
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
await import(pathToFileURL(join(distDir, 'src', 'main.js')).href);
