/**
 * What `<safety-form>` needs only for an organisation's own schema (`schema-src`, `.schema`): the
 * meta-schema check and the interpreting validator. Loaded as its own chunk the first time such a
 * schema is given; a page with a generated form never fetches it.
 */
export { CustomSchemaError, formFromSchema, loadSchema } from '@safety-forms/core';
