import { expect } from '@open-wc/testing';
import { threatInterview } from '../generated/threat-interview.js';
import { schemaAt } from '../schema/resolve.js';
import {
  fillInterviewText,
  fillValue,
  INTERVIEW_PLACEHOLDERS,
  interviewFromThreatReport,
  interviewTextValues,
  MAX_FILL_LENGTH,
  PLACE_PHRASES,
} from './interview-text.js';

const Q1 = '1. Do you know why I want to talk to you? What happened today when you were [place of incident]?';
const Q2 = '2. What exactly did (subject) say? And what exactly did (subject) do?';
const Q4 = '4. How do you think [person who was threatened] feels about what you said or did?';

describe('interview text', () => {
  it('uses placeholders that are in the schema exactly as the document writes them', () => {
    expect(schemaAt(threatInterview.schema, '/questions/subject/whatHappened')?.title).to.equal(Q1);
    expect(schemaAt(threatInterview.schema, '/questions/targetWitness/whatSubjectSaidAndDid')?.title).to.equal(Q2);
    expect(schemaAt(threatInterview.schema, '/questions/subject/targetFeelings')?.title).to.equal(Q4);
    expect(Object.values(INTERVIEW_PLACEHOLDERS)).to.deep.equal(['[place of incident]', '(subject)', '[person who was threatened]']);
  });

  it('keeps the document words when nothing is known', () => {
    for (const q of [Q1, Q2, Q4]) {
      expect(fillInterviewText(q, {})).to.equal(q);
      expect(fillInterviewText(q, { place: '', subject: '   ', target: '\n\t' })).to.equal(q);
      expect(fillInterviewText(q, { place: 42, subject: null, target: ['Jo'] })).to.equal(q);
    }
  });

  it('fills every placeholder it knows, each time it appears, and leaves the others', () => {
    expect(fillInterviewText(Q1, { place: 'in the dining hall' })).to.equal(
      '1. Do you know why I want to talk to you? What happened today when you were in the dining hall?',
    );
    expect(fillInterviewText(Q2, { subject: 'Jo Example' })).to.equal('2. What exactly did Jo Example say? And what exactly did Jo Example do?');
    expect(fillInterviewText(Q4, { target: 'Sam' })).to.equal('4. How do you think Sam feels about what you said or did?');
    expect(fillInterviewText(`${Q1} ${Q2}`, { subject: 'Jo' })).to.equal(`${Q1} ${Q2.replace(/\(subject\)/g, 'Jo')}`);
    expect(fillInterviewText('No placeholders (at all) [here].', { subject: 'Jo' })).to.equal('No placeholders (at all) [here].');
  });

  it('keeps markup and templates as the characters they are (the caller binds text, not HTML)', () => {
    const markup = '<img src=x onerror="alert(1)">';
    expect(fillInterviewText(Q2, { subject: markup })).to.equal(`2. What exactly did ${markup} say? And what exactly did ${markup} do?`);
    expect(fillInterviewText(Q4, { target: '{{7*7}} ${1+1}' })).to.equal('4. How do you think {{7*7}} ${1+1} feels about what you said or did?');
    expect(fillInterviewText(Q4, { target: '$& $1 $$' })).to.equal('4. How do you think $& $1 $$ feels about what you said or did?');
  });

  it('never fills a placeholder that came in with a value', () => {
    expect(fillInterviewText(`${Q1} ${Q2}`, { place: '(subject)', subject: '[place of incident]' })).to.equal(
      '1. Do you know why I want to talk to you? What happened today when you were (subject)? 2. What exactly did [place of incident] say? And what exactly did [place of incident] do?',
    );
  });

  it('makes a value one line: line breaks, tabs and controls go, white space collapses', () => {
    expect(fillValue('  Jo\r\nExample\t\u0000Smith \u2028 ')).to.equal('Jo Example Smith');
    expect(fillValue('Zero\u200Bwidth')).to.equal('Zero\u200Bwidth');
    expect(fillValue('👩‍👩‍👧‍👦 Jo')).to.equal('👩‍👩‍👧‍👦 Jo');
  });

  it('isolates right-to-left text and bidirectional controls so they cannot reorder the question', () => {
    expect(fillValue('مرحبا')).to.equal('\u2068مرحبا\u2069');
    expect(fillValue('evil\u202Etxt.exe')).to.equal('\u2068evil\u202Etxt.exe\u2069');
    expect(fillValue('Jo')).to.equal('Jo');
  });

  it('falls back to the document words for a value longer than the limit', () => {
    expect(fillValue('x'.repeat(MAX_FILL_LENGTH))).to.have.length(MAX_FILL_LENGTH);
    expect(fillValue('x'.repeat(MAX_FILL_LENGTH + 1))).to.equal(undefined);
    expect(fillInterviewText(Q2, { subject: 'x'.repeat(1024 * 1024) })).to.equal(Q2);
  });

  it('reads the values from threat interview data, own properties only', () => {
    expect(interviewTextValues(undefined)).to.deep.equal({ place: undefined, subject: undefined, target: undefined });
    expect(interviewTextValues({ interview: { placeOfIncident: 'on the bus', subjectName: 'Jo', personThreatened: 'Sam' } })).to.deep.equal({
      place: 'on the bus',
      subject: 'Jo',
      target: 'Sam',
    });
    // A target's own interview: the person threatened is the person interviewed.
    expect(interviewTextValues({ interview: { interviewee: 'target', person: { name: 'Sam' } } }).target).to.equal('Sam');
    expect(interviewTextValues({ interview: { interviewee: 'witness', person: { name: 'Kit' } } }).target).to.equal(undefined);
    const polluted = JSON.parse('{"__proto__": {"interview": {"subjectName": "Proto"}}}');
    expect(interviewTextValues(polluted).subject).to.equal(undefined);
    expect(interviewTextValues(Object.create({ interview: { subjectName: 'Inherited' } })).subject).to.equal(undefined);
  });

  it('prefills an interview from a threat report: the subject and the place of the incident', () => {
    const report = { incident: { subjectName: 'Jo Example', location: 'school-travel', summary: 'not copied' }, report: { reporterName: 'not copied' } };
    expect(interviewFromThreatReport(report)).to.deep.equal({
      interview: { subjectName: 'Jo Example', placeOfIncident: 'on the school bus or other travel' },
    });
    expect(interviewFromThreatReport({ incident: { location: 'other', locationOther: 'the community centre' } })).to.deep.equal({
      interview: { placeOfIncident: 'the community centre' },
    });
    expect(interviewFromThreatReport({ incident: { location: 'other', locationOther: '  ' } })).to.deep.equal({ interview: {} });
    // A digital communication has no place: the question keeps "[place of incident]".
    expect(interviewFromThreatReport({ incident: { location: 'digital' } })).to.deep.equal({ interview: {} });
    expect(interviewFromThreatReport({ incident: { location: 'toString', subjectName: 7 } })).to.deep.equal({ interview: {} });
    expect(interviewFromThreatReport(null)).to.deep.equal({ interview: {} });
    expect(interviewFromThreatReport('<img>')).to.deep.equal({ interview: {} });
    expect(Object.keys(PLACE_PHRASES)).to.deep.equal(['school-building', 'school-travel', 'school-activity']);
  });

  it('gives a prefill that fits the interview schema', () => {
    const prefill = interviewFromThreatReport({ incident: { subjectName: 'Jo', location: 'school-building' } });
    const data = { ...prefill, interview: { ...prefill.interview, interviewee: 'subject', interviewers: 'Sam', held: { date: '2026-11-20' } } };
    const valid = threatInterview.validate({ ...data, questions: { subject: { whatHappened: 'a', whatSaidAndDid: 'b' } } });
    expect(valid, JSON.stringify(threatInterview.validate.errors)).to.equal(true);
  });
});
