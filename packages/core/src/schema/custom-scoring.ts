/**
 * The result of an organisation's own form: `x-scoring.scorer` names one of the built-in scorers
 * (`threat-report`, `risk-matrix`, `traffic-light-referral`, `offender-description`). With only the
 * name, that scorer runs with its shipped configuration; with more keys beside it, they are the
 * scorer's own configuration and are checked by it (a broken configuration refuses the schema). Any
 * other name, or no `x-scoring`, gives no result. A scorer reads the answers at the pointers of its
 * built-in form, so an organisation's form that scores must keep those field names.
 */
import { describeOffender, offenderDescriptionConfig } from '../describe/offender.js';
import { scorers } from '../score/index.js';
import type { ResultSummary } from '../score/result.js';
import { classifyReferral, referralScoringConfig } from '../score/referral.js';
import { riskMatrixScoringConfig, scoreRiskMatrix } from '../score/risk-matrix.js';
import { classifyThreat, threatScoringConfig } from '../score/threat.js';
import type { FormSchema } from '../types.js';

const none = (): null => null;

/**
 * The scorer of a custom schema.
 * @throws SchemaError (from the scorer's configuration check) when the configuration is malformed
 */
export function customScorer(schema: FormSchema): (data: unknown) => ResultSummary | null {
  const scoring = schema['x-scoring'];
  if (scoring === null || typeof scoring !== 'object' || Array.isArray(scoring)) return none;
  const { scorer: name, $comment: _comment, ...config } = scoring as Record<string, unknown>;
  if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(scorers, name)) return none;
  if (!Object.keys(config).length) return scorers[name]!;
  switch (name) {
    case 'threat-report': {
      const cfg = threatScoringConfig(config);
      return (data) => classifyThreat(data, cfg);
    }
    case 'risk-matrix': {
      const cfg = riskMatrixScoringConfig(config, schema);
      return (data) => scoreRiskMatrix(data, cfg);
    }
    case 'traffic-light-referral': {
      const cfg = referralScoringConfig(config);
      return (data) => classifyReferral(data, cfg);
    }
    case 'offender-description': {
      const cfg = offenderDescriptionConfig(config);
      return (data) => describeOffender(data, cfg);
    }
    default:
      return scorers[name]!;
  }
}
