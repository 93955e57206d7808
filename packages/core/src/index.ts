/**
 * @safety-forms/core: framework-free validation, classification and submission for safety-forms.
 * Nothing here imports Lit or touches the DOM at module load.
 */
export * from './runtime.js';
export * from './delivery.js';
export * from './check.js';
export { validate } from './validate/by-id.js';
export {
  formFromSchema,
  parseSchemaText,
  CustomSchemaError,
  DEFAULT_MAX_SCHEMA_BYTES,
  DEFAULT_MAX_SCHEMA_DEPTH,
  type CustomForm,
  type CustomSchemaOptions,
  type SchemaRefusal,
} from './schema/custom.js';
export { loadSchema, type LoadSchemaOptions } from './schema/custom-load.js';
export { customScorer } from './schema/custom-scoring.js';
export { formMetaSchema } from './schema/custom-meta.js';
export * from './score/threat.js';
export * from './score/index.js';
export * from './score/referral.js';
export * from './score/risk-matrix.js';
export * from './score/incident.js';
export * from './score/risk-assessment.js';
export * from './describe/offender.js';
export * from './describe/interview-text.js';
export * from './case/rules.js';
export * from './lone-working/visits.js';
export * from './register/rules.js';
export * from './incident/rules.js';
// Every generated form: `forms` (by id) and one named export per form (`threatReport`, ...) with its data type.
export * from './generated/index.js';
