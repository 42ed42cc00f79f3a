import { ensureFerretDbBinary } from '../src/db/local-ferretdb.js';

// Builds the project-local FerretDB once (CI and first start call this).
const binary = await ensureFerretDbBinary((line) => console.log(line));
console.log(`FerretDB binary: ${binary}`);
