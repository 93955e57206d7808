// Bench-only entry: exposes core's validation and classification to a blank page in Chromium.
import { classifyThreat, DraftStore, threatReport, validateWith } from '@safety-forms/core';
import { completeReport, fullReport } from '../stories/fixtures/threat-report.js';

(window as unknown as { __sfBench: unknown }).__sfBench = { classifyThreat, threatReport, validateWith, completeReport, fullReport, DraftStore };
