export { loadContent } from './load.js';
export { checkContentFolder } from './check.js';
export { ContentError, formatProblem, type ContentProblem } from './errors.js';
export * from './types.js';
