/**
 * @safety-forms/core/delivery: sending a submission (`deliver`, with its retries, over `sendSubmission`).
 * Its own entry, outside `runtime`, so that the form elements' delivery code (their on-demand chunk)
 * brings it, and a page's first screen, which imports `runtime`, does not. The types are in `runtime`
 * too; the package root exports all of it.
 */
export * from './submit/deliver.js';
export * from './submit/send.js';
