// Bench only, never shipped: the threat report's bundled JSON schema rendered by react-jsonschema-form
// (@rjsf/core + @rjsf/validator-ajv8, React 18 createRoot, production build), so `node bench/run.mjs`
// can measure a peer on the same schema in the same run. Bundled at bench time by bench/lib/rjsf.mjs;
// `bench-schema` is a virtual module holding the schema (no fetch, as the SDK has its schema in its JS).
import Form from '@rjsf/core';
import { customizeValidator } from '@rjsf/validator-ajv8';
import Ajv2020 from 'ajv/dist/2020.js';
import { createRef, createElement } from 'react';
import { createRoot } from 'react-dom/client';
import schema from 'bench-schema';

// The schema is draft 2020-12, so ajv's 2020 class (RJSF's default is draft-07); `past-date` is ours.
const validator = customizeValidator({ AjvClass: Ajv2020, customFormats: { 'past-date': /^\d{4}-\d{2}-\d{2}$/ } });

// Counters the bench reads per keystroke: how often RJSF asked ajv for anything.
const calls = { validateFormData: 0, isValid: 0, rawValidation: 0 };
for (const name of Object.keys(calls)) {
  const original = validator[name].bind(validator);
  validator[name] = (...args) => {
    calls[name]++;
    return original(...args);
  };
}

const ref = createRef();
const root = createRoot(document.getElementById('root'));
root.render(createElement(Form, { schema, validator, ref, noHtml5Validate: true }));

window.__rjsfBench = { ref, calls, validator, schema };
