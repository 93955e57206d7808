/**
 * The OpenAPI 3.1 document of the submission contract (DESIGN.md, "Submission contract"), served at
 * `GET /api/openapi.json`. It is built from the same generated form definitions the receiver
 * validates with, so each form's `data` schema in it is exactly the schema the receiver applies.
 */
import type { FormDefinition } from '@safety-forms/core';

/** What the receiver accepts as an Idempotency-Key (a UUID fits). */
export const IDEMPOTENCY_KEY_PATTERN = '^[A-Za-z0-9-]{8,100}$';

const ENVELOPE_REQUIRED = ['formId', 'schemaVersion', 'submittedAt', 'data', 'result'];

const problem = (description: string, example?: Record<string, unknown>) => ({
  description,
  content: {
    'application/problem+json': {
      schema: { $ref: '#/components/schemas/Problem' },
      ...(example ? { example } : {}),
    },
  },
});

export function openApiDocument(forms: Readonly<Record<string, FormDefinition>>, version = '0.1.0'): Record<string, unknown> {
  const ids = Object.keys(forms);
  const envelopeProperties = {
    formId: { type: 'string', description: 'The form id; must equal the {formId} of the path.', examples: ids.slice(0, 1) },
    schemaVersion: { type: 'string', description: "The x-version of the form's schema the data was written against.", examples: ['1.0.0'] },
    submittedAt: { type: 'string', format: 'date-time', description: 'When the user submitted (RFC 3339; the SDK sends UTC).', examples: ['2026-11-22T10:00:00Z'] },
    data: { type: 'object', description: "The answers; validated with the form's generated validator (see the per-form envelopes)." },
    result: {
      type: ['object', 'null'],
      description: 'What the form computed from the answers (classification, score), or null. Stored as sent; not trusted.',
    },
  };
  const schemas: Record<string, unknown> = {
    Envelope: {
      type: 'object',
      description: 'One submission. Unknown top-level properties are refused.',
      additionalProperties: false,
      required: ENVELOPE_REQUIRED,
      properties: envelopeProperties,
    },
    Receipt: {
      type: 'object',
      required: ['reference'],
      properties: { reference: { type: 'string', description: 'Shown to the user as the receipt.', examples: ['TR-20261122-3FA2C1'] } },
    },
    FieldError: {
      type: 'object',
      required: ['pointer', 'detail'],
      properties: {
        pointer: { type: 'string', description: 'JSON Pointer (RFC 6901) into the envelope, e.g. /data/incident/subjectName.' },
        detail: { type: 'string', description: 'What to correct, in words for the user.' },
      },
    },
    Problem: {
      type: 'object',
      description: 'RFC 9457 problem details.',
      required: ['type', 'title', 'status'],
      properties: {
        type: { type: 'string', format: 'uri-reference' },
        title: { type: 'string' },
        status: { type: 'integer' },
        detail: { type: 'string' },
        errors: { type: 'array', items: { $ref: '#/components/schemas/FieldError' }, description: 'Present when the record needs correcting (400 or 422).' },
      },
    },
    StoredRecord: {
      type: 'object',
      description: 'A stored envelope with its reference and the time it was received.',
      additionalProperties: false,
      required: ['reference', 'receivedAt', ...ENVELOPE_REQUIRED],
      properties: {
        reference: { type: 'string' },
        receivedAt: { type: 'string', format: 'date-time' },
        ...envelopeProperties,
      },
    },
  };
  const perForm: { $ref: string }[] = [];
  for (const [id, form] of Object.entries(forms)) {
    const data = `${id}.data`;
    const envelope = `${id}.envelope`;
    // The form's bundled schema as it is: it carries its own $id, so its local $refs resolve within it.
    schemas[data] = JSON.parse(JSON.stringify(form.schema));
    schemas[envelope] = {
      description: `A ${String(form.schema.title ?? id)} submission (schema version ${form.version}).`,
      allOf: [{ $ref: '#/components/schemas/Envelope' }],
      properties: {
        formId: { const: id },
        schemaVersion: { const: form.version },
        data: { $ref: `#/components/schemas/${data}` },
      },
    };
    perForm.push({ $ref: `#/components/schemas/${envelope}` });
  }

  const formIdParameter = {
    name: 'formId',
    in: 'path',
    required: true,
    description: 'Which form. Unknown forms get 404.',
    schema: { type: 'string', enum: ids },
  };
  const recordsWarning =
    'Reference only: these records are sensitive. The demo receiver listens on 127.0.0.1 and has no access control; a real deployment must put authentication and authorisation in front of this endpoint.';

  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'safety-forms receiver',
      version,
      summary: 'The submission contract of safety-forms, as the reference receiver implements it.',
      description:
        'Forms POST an envelope with an Idempotency-Key. A repeated key with the same body gets the first reply again and stores nothing new; with another body it gets 422; while the first request with that key is still being handled, 409. A record is on disk before its 201 is sent.',
    },
    servers: [{ url: '/' }],
    tags: [{ name: 'submissions' }, { name: 'records' }],
    paths: {
      '/api/{formId}': {
        parameters: [{ $ref: '#/components/parameters/formId' }],
        post: {
          tags: ['submissions'],
          operationId: 'submit',
          summary: 'Submit a record',
          parameters: [{ $ref: '#/components/parameters/Idempotency-Key' }],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: perForm.length === 1 ? perForm[0] : { oneOf: perForm } } },
          },
          responses: {
            '201': {
              description: 'Stored (or, for a repeated Idempotency-Key with the same body, the first reply again).',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Receipt' } } },
            },
            '400': problem('No or malformed Idempotency-Key, or a body that is not JSON.'),
            '404': problem('No such form.'),
            '409': {
              ...problem('A request with this Idempotency-Key is still being handled: wait and retry with the same key.'),
              headers: { 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } } },
            },
            '413': problem('The body is larger than the receiver accepts (2 MB by default).'),
            '415': problem('The body is not application/json.'),
            '422': problem('The record needs correcting (errors[] point at the fields), or this Idempotency-Key was used with a different body.', {
              type: 'about:blank',
              title: 'Some answers need correcting',
              status: 422,
              errors: [{ pointer: '/data/incident/subjectName', detail: 'Enter the name of the person who made the threat' }],
            }),
            '500': problem('The receiver failed; nothing was stored. Retry with the same key.'),
          },
        },
      },
      '/api/{formId}/records': {
        parameters: [{ $ref: '#/components/parameters/formId' }],
        get: {
          tags: ['records'],
          operationId: 'listRecords',
          summary: 'List the stored records of a form (JSON), oldest first',
          description: recordsWarning,
          responses: {
            '200': {
              description: 'The stored records.',
              content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/StoredRecord' } } } },
            },
            '404': problem('No such form.'),
          },
        },
      },
      '/api/{formId}/records.csv': {
        parameters: [{ $ref: '#/components/parameters/formId' }],
        get: {
          tags: ['records'],
          operationId: 'exportRecordsCsv',
          summary: 'Export the stored records of a form as CSV (RFC 4180)',
          description: `${recordsWarning} Columns: reference, receivedAt, submittedAt, schemaVersion, then one per JSON Pointer of a leaf of data seen in any record. Text cells starting with =, +, -, @, tab or CR get a leading apostrophe (formula injection).`,
          responses: {
            '200': { description: 'One row per record, with a header row.', content: { 'text/csv': { schema: { type: 'string' } } } },
            '404': problem('No such form.'),
          },
        },
      },
      '/api/openapi.json': {
        get: {
          tags: ['submissions'],
          operationId: 'openapi',
          summary: 'This document',
          responses: { '200': { description: 'The OpenAPI document.', content: { 'application/json': { schema: { type: 'object' } } } } },
        },
      },
    },
    components: {
      parameters: {
        formId: formIdParameter,
        'Idempotency-Key': {
          name: 'Idempotency-Key',
          in: 'header',
          required: true,
          description: 'A new UUID per submission, the same on every retry of it (also after a restart of either side). Scoped to the form.',
          schema: { type: 'string', pattern: IDEMPOTENCY_KEY_PATTERN },
        },
      },
      schemas,
    },
  };
}
