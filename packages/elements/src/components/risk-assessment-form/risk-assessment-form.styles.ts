import { css } from 'lit';

/**
 * Each hazard's rating under its consequence, and the list of ratings in the result panel. Every space
 * and colour is a documented `--sf-*` custom property with a GOV.UK default; a band is a word, never a
 * colour alone.
 */
export default css`
  .risk__rating {
    margin: calc(-1 * var(--sf-space-3, 15px)) 0 var(--sf-space-6, 30px);
    padding-left: var(--sf-space-3, 15px);
    border-left: var(--sf-border-width-repeat, 4px) solid var(--sf-color-border, #b1b4b6);
  }
  .risk__hazards {
    padding-left: var(--sf-space-4, 20px);
  }
`;
