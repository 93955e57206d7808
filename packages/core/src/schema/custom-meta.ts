/**
 * The meta-schema of a form schema: a copy of schemas/form.meta.schema.json (the source; custom.test.ts
 * checks the two are equal). Kept as a module so core needs no JSON import in the browser.
 */
export const formMetaSchema = {
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://schemas.safety-forms.invalid/form.meta.schema.json",
  "title": "A safety-forms form schema",
  "$comment": "The meta-schema every form schema given to <safety-form schema-src> or .schema must pass (checked in packages/core/src/schema/custom.ts with @cfworker/json-schema; a copy lives in packages/core/src/schema/custom-meta.ts and a test keeps them equal). It allows only the JSON Schema keywords the renderer and the messages support, and our x-ui, x-scoring, x-marking, x-form-id and x-version. Anything else is refused, not ignored. See schemas/README.md.",
  "type": "object",
  "$ref": "#/$defs/keywords",
  "properties": {
    "$schema": {
      "const": "https://json-schema.org/draft/2020-12/schema"
    },
    "$id": {
      "type": "string",
      "maxLength": 500
    },
    "$defs": {
      "type": "object",
      "maxProperties": 500,
      "propertyNames": {
        "$ref": "#/$defs/name"
      },
      "additionalProperties": {
        "$ref": "#/$defs/node"
      }
    },
    "x-form-id": {
      "type": "string",
      "pattern": "^[a-z][a-z0-9-]{0,63}$"
    },
    "x-version": {
      "type": "string",
      "pattern": "^\\d{1,6}\\.\\d{1,6}\\.\\d{1,6}$"
    },
    "x-marking": {
      "type": "string",
      "minLength": 1,
      "maxLength": 100
    },
    "x-scoring": {
      "$ref": "#/$defs/scoring"
    },
    "type": {
      "const": "object"
    }
  },
  "required": [
    "$schema",
    "type",
    "properties"
  ],
  "unevaluatedProperties": false,
  "$defs": {
    "name": {
      "type": "string",
      "minLength": 1,
      "maxLength": 200,
      "not": {
        "enum": [
          "__proto__",
          "constructor",
          "prototype"
        ]
      }
    },
    "text": {
      "type": "string",
      "maxLength": 20000
    },
    "node": {
      "$comment": "A schema inside the form: true, false, or the same keywords as the root without the root-only ones.",
      "anyOf": [
        {
          "type": "boolean"
        },
        {
          "type": "object",
          "$ref": "#/$defs/keywords",
          "unevaluatedProperties": false
        }
      ]
    },
    "nodes": {
      "type": "array",
      "minItems": 1,
      "maxItems": 500,
      "items": {
        "$ref": "#/$defs/node"
      }
    },
    "nonNegative": {
      "type": "integer",
      "minimum": 0
    },
    "keywords": {
      "properties": {
        "$ref": {
          "type": "string",
          "pattern": "^#/\\$defs/"
        },
        "$comment": {
          "type": "string"
        },
        "title": {
          "$ref": "#/$defs/text"
        },
        "description": {
          "$ref": "#/$defs/text"
        },
        "type": {
          "anyOf": [
            {
              "$ref": "#/$defs/typeName"
            },
            {
              "type": "array",
              "items": {
                "$ref": "#/$defs/typeName"
              },
              "minItems": 1,
              "uniqueItems": true
            }
          ]
        },
        "format": {
          "enum": [
            "date",
            "date-time",
            "email",
            "past-date"
          ]
        },
        "const": true,
        "enum": {
          "type": "array",
          "minItems": 1,
          "maxItems": 500
        },
        "oneOf": {
          "$ref": "#/$defs/nodes"
        },
        "anyOf": {
          "$ref": "#/$defs/nodes"
        },
        "allOf": {
          "$ref": "#/$defs/nodes"
        },
        "not": {
          "$ref": "#/$defs/node"
        },
        "if": {
          "$ref": "#/$defs/node"
        },
        "then": {
          "$ref": "#/$defs/node"
        },
        "else": {
          "$ref": "#/$defs/node"
        },
        "properties": {
          "type": "object",
          "maxProperties": 10000,
          "propertyNames": {
            "$ref": "#/$defs/name"
          },
          "additionalProperties": {
            "$ref": "#/$defs/node"
          }
        },
        "required": {
          "type": "array",
          "items": {
            "$ref": "#/$defs/name"
          },
          "uniqueItems": true
        },
        "dependentRequired": {
          "type": "object",
          "propertyNames": {
            "$ref": "#/$defs/name"
          },
          "additionalProperties": {
            "type": "array",
            "items": {
              "$ref": "#/$defs/name"
            }
          }
        },
        "additionalProperties": {
          "type": "boolean"
        },
        "items": {
          "$ref": "#/$defs/node"
        },
        "minItems": {
          "$ref": "#/$defs/nonNegative"
        },
        "maxItems": {
          "type": "integer",
          "minimum": 0,
          "maximum": 10000
        },
        "uniqueItems": {
          "type": "boolean"
        },
        "contains": {
          "$ref": "#/$defs/node"
        },
        "minContains": {
          "$ref": "#/$defs/nonNegative"
        },
        "maxContains": {
          "$ref": "#/$defs/nonNegative"
        },
        "minLength": {
          "$ref": "#/$defs/nonNegative"
        },
        "maxLength": {
          "$ref": "#/$defs/nonNegative"
        },
        "pattern": {
          "type": "string",
          "maxLength": 500
        },
        "minimum": {
          "type": "number"
        },
        "maximum": {
          "type": "number"
        },
        "exclusiveMinimum": {
          "type": "number"
        },
        "exclusiveMaximum": {
          "type": "number"
        },
        "x-ui": {
          "$ref": "#/$defs/ui"
        }
      }
    },
    "typeName": {
      "enum": [
        "string",
        "number",
        "integer",
        "boolean",
        "object",
        "array",
        "null"
      ]
    },
    "ui": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "widget": {
          "enum": [
            "text",
            "textarea",
            "number",
            "date",
            "datetime",
            "tel",
            "email",
            "radios",
            "select",
            "checkboxes",
            "scale"
          ]
        },
        "hint": {
          "$ref": "#/$defs/text"
        },
        "rows": {
          "type": "integer",
          "minimum": 1,
          "maximum": 50
        },
        "inline": {
          "type": "boolean"
        },
        "width": {
          "type": "integer",
          "minimum": 1,
          "maximum": 100
        },
        "autocomplete": {
          "type": "string",
          "pattern": "^[a-z0-9 -]{1,100}$"
        },
        "showIf": {
          "$ref": "#/$defs/condition"
        },
        "messages": {
          "type": "object",
          "propertyNames": {
            "pattern": "^[a-zA-Z]{1,40}$"
          },
          "additionalProperties": {
            "type": "string",
            "maxLength": 500
          }
        },
        "addLabel": {
          "type": "string",
          "maxLength": 200
        },
        "itemTitle": {
          "type": "string",
          "maxLength": 200
        },
        "private": {
          "type": "boolean"
        },
        "documentWording": {
          "type": "object",
          "maxProperties": 1000,
          "propertyNames": {
            "maxLength": 20000
          },
          "additionalProperties": {
            "$ref": "#/$defs/text"
          }
        }
      }
    },
    "path": {
      "type": "string",
      "maxLength": 1000,
      "pattern": "^(/.*|\\d{1,3}(/.*)?)$"
    },
    "condition": {
      "oneOf": [
        {
          "type": "object",
          "required": [
            "path",
            "equals"
          ],
          "additionalProperties": false,
          "properties": {
            "path": {
              "$ref": "#/$defs/path"
            },
            "equals": true
          }
        },
        {
          "type": "object",
          "required": [
            "path",
            "in"
          ],
          "additionalProperties": false,
          "properties": {
            "path": {
              "$ref": "#/$defs/path"
            },
            "in": {
              "type": "array",
              "maxItems": 500
            }
          }
        },
        {
          "type": "object",
          "required": [
            "path",
            "notEmpty"
          ],
          "additionalProperties": false,
          "properties": {
            "path": {
              "$ref": "#/$defs/path"
            },
            "notEmpty": {
              "const": true
            }
          }
        },
        {
          "type": "object",
          "required": [
            "all"
          ],
          "additionalProperties": false,
          "properties": {
            "all": {
              "type": "array",
              "maxItems": 100,
              "items": {
                "$ref": "#/$defs/condition"
              }
            }
          }
        },
        {
          "type": "object",
          "required": [
            "any"
          ],
          "additionalProperties": false,
          "properties": {
            "any": {
              "type": "array",
              "maxItems": 100,
              "items": {
                "$ref": "#/$defs/condition"
              }
            }
          }
        },
        {
          "type": "object",
          "required": [
            "not"
          ],
          "additionalProperties": false,
          "properties": {
            "not": {
              "$ref": "#/$defs/condition"
            }
          }
        }
      ]
    },
    "scoring": {
      "$comment": "An organisation's form names a built-in scorer in `scorer`; the other keys are that scorer's own configuration, checked by the scorer (packages/core/src/score/). The built-in schemas keep their configuration without `scorer`.",
      "type": "object",
      "properties": {
        "scorer": {
          "type": "string",
          "maxLength": 100
        }
      }
    }
  }
} as const;
