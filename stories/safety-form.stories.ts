/** Stories for the generic `<safety-form>`: any generated schema by form id. */
import { html } from 'lit';
import '../packages/elements/src/define.js';

export default {
  title: 'Forms/Generic safety form',
  component: 'safety-form',
  tags: ['autodocs'],
};

/** The threat report rendered by id. */
export const ThreatReportById = () => html`<safety-form form="threat-report"></safety-form>`;

/** An unknown form id: a clear message instead of a broken page. */
export const UnknownForm = () => html`<safety-form form="no-such-form"></safety-form>`;
