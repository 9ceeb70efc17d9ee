import { describe, expect, it } from 'vitest';
import { NER_ROW_PATTERNS } from '../../scripts/lib/ner-rows.js';
import { SYNTH_REGEXES } from '../../scripts/lib/trust-synth.js';
import { SUMMARY_SYNTH_REGEXES } from '../../scripts/lib/trust-synth-summary.js';
import { ATTRIBUTED_REGEXES } from '../../src/guards/biasguard/attributed.js';
import { BACKHANDED_END, NEGATED_CALL, REQUEST_REGEXES } from '../../src/guards/biasguard/detect.js';
import { INDIVIDUAL_REGEXES } from '../../src/guards/biasguard/individual.js';
import { HOSTILE_PATTERNS, TRAIT_PHRASES } from '../../src/guards/biasguard/lexicon.js';
import { PROFANITY_PRETEST } from '../../src/guards/biasguard/profanity.js';
import { STANCE_REGEXES } from '../../src/guards/biasguard/stance.js';
import { EDIT_REGEXES } from '../../src/guards/contextguard/edit-request.js';
import { REFERS_BACK_REGEXES } from '../../src/guards/contextguard/refers-back.js';
import { VETO_REGEXES } from '../../src/guards/contextguard/semantic-veto.js';
import { MACHINE_READER } from '../../src/guards/healthguard/dataset/instruction.js';
import { ANCHOR_REGEXES } from '../../src/guards/securityguard/injection/anchors.js';
import { CUE_REGEXES } from '../../src/guards/securityguard/injection/cues.js';
import { DEFENSIVE_BEFORE, ISSUE_AFTER } from '../../src/guards/securityguard/injection/detector.js';
import { DOCUMENT_REGEXES } from '../../src/guards/securityguard/injection/document.js';
import { MENTION_REGEXES } from '../../src/guards/securityguard/injection/mention.js';
import { INJECTION_PATTERNS, STRUCTURE_REGEXES } from '../../src/guards/securityguard/injection/patterns.js';
import { SUFFIX_REGEXES } from '../../src/guards/securityguard/injection/suffix.js';
import { ECHO_PATTERNS } from '../../src/guards/securityguard/leakage/detector.js';
import { DECODE_REGEXES } from '../../src/guards/securityguard/normalize/decode.js';
import { NORMALIZE_REGEXES } from '../../src/guards/securityguard/normalize/normalize.js';
import { ANTONYM_REGEXES } from '../../src/guards/trustguard/antonyms.js';
import { DIRECTION_REGEXES } from '../../src/guards/trustguard/direction.js';
import { CLAUSE_SPLIT, EXCEPTING, HEDGED_FIGURE } from '../../src/guards/trustguard/grounding.js';
import { RESTATED_REGEXES } from '../../src/guards/trustguard/restated.js';
import { SIGNAL_REGEXES } from '../../src/guards/trustguard/signals.js';
import { redosVerdict } from '../helpers/redos.js';

/**
 * Every exported regular expression of SecurityGuard (and BiasGuard's profanity pre-test) is checked for catastrophic backtracking with
 * recheck (test/helpers/redos.ts). Helpers add their
 * detectors' pattern arrays to REGEXES.
 */

const REGEXES: [string, RegExp][] = [
  ...INJECTION_PATTERNS.map((p) => [`injection ${p.id}`, p.re] as [string, RegExp]),
  ...STRUCTURE_REGEXES.map((re, i) => [`injection structure #${i}`, re] as [string, RegExp]),
  ...SUFFIX_REGEXES.map((re, i) => [`suffix #${i}`, re] as [string, RegExp]),
  ...CUE_REGEXES.map((re, i) => [`injection cue #${i}`, re] as [string, RegExp]),
  ['injection defensive context', DEFENSIVE_BEFORE],
  ['injection topic named as an issue', ISSUE_AFTER],
  ...DOCUMENT_REGEXES.map((re, i) => [`injection document #${i}`, re] as [string, RegExp]),
  ...ANCHOR_REGEXES.map((re, i) => [`injection anchors #${i}`, re] as [string, RegExp]),
  ...NORMALIZE_REGEXES.map((re, i) => [`normalize #${i}`, re] as [string, RegExp]),
  ...DECODE_REGEXES.map((re, i) => [`decode #${i}`, re] as [string, RegExp]),
  ...ECHO_PATTERNS.map((re, i) => [`leakage echo #${i}`, re] as [string, RegExp]),
  // Training-time helpers of the entity tagger (scripts/lib/ner-rows.ts).
  ...NER_ROW_PATTERNS.map((re, i) => [`ner rows #${i}`, re] as [string, RegExp]),
  // TrustGuard's synthetic question-answer rows (scripts/lib/trust-synth.ts).
  ...SYNTH_REGEXES.map((re, i) => [`trust synth #${i}`, re] as [string, RegExp]),
  ...SUMMARY_SYNTH_REGEXES.map((re, i) => [`trust summary synth #${i}`, re] as [string, RegExp]),
  // TrustGuard's direction words around a figure (direction.ts).
  ...DIRECTION_REGEXES.map((re, i) => [`trustguard direction #${i}`, re] as [string, RegExp]),
  ...ANTONYM_REGEXES.map((re, i) => [`trustguard antonyms #${i}`, re] as [string, RegExp]),
  ...RESTATED_REGEXES.map((re, i) => [`trustguard restated #${i}`, re] as [string, RegExp]),
  ['trustguard excepting', EXCEPTING],
  ['trustguard clause split', CLAUSE_SPLIT],
  ['trustguard hedged figure', HEDGED_FIGURE],
  // BiasGuard's request frame around a claim (detect.ts).
  ...REQUEST_REGEXES.map((re, i) => [`biasguard request #${i}`, re] as [string, RegExp]),
  // TrustGuard's risk signals of an answer (signals.ts).
  ...SIGNAL_REGEXES.map((re, i) => [`trustguard signals #${i}`, re] as [string, RegExp]),
  // HealthGuard's test that a row names a machine reader (dataset/instruction.ts).
  ['healthguard machine reader', MACHINE_READER],
  // ContextGuard's user-voice test of the semantic veto (semantic-veto.ts).
  ...MENTION_REGEXES.map((re, i) => [`injection mention #${i}`, re] as [string, RegExp]),
  ...VETO_REGEXES.map((re, i) => [`contextguard veto #${i}`, re] as [string, RegExp]),
  ...EDIT_REGEXES.map((re, i) => [`contextguard edit request #${i}`, re] as [string, RegExp]),
  ...REFERS_BACK_REGEXES.map((re, i) => [`contextguard refers back #${i}`, re] as [string, RegExp]),
  // BiasGuard's test for abuse of one person (individual.ts).
  ...INDIVIDUAL_REGEXES.map((re, i) => [`biasguard individual #${i}`, re] as [string, RegExp]),
  ...ATTRIBUTED_REGEXES.map((re, i) => [`biasguard attributed #${i}`, re] as [string, RegExp]),
  // BiasGuard's trait and hostile phrases (lexicon.ts), run over every text that names a group.
  ...TRAIT_PHRASES.map(([re], i) => [`biasguard trait phrase #${i}`, re] as [string, RegExp]),
  ...HOSTILE_PATTERNS.map(([re], i) => [`biasguard hostile #${i}`, re] as [string, RegExp]),
  ['biasguard negated call', NEGATED_CALL],
  ['biasguard backhanded end', BACKHANDED_END],
  ...STANCE_REGEXES.map((re, i) => [`biasguard stance #${i}`, re] as [string, RegExp]),
  // BiasGuard's one pass of obscenity's patterns joined (profanity.ts).
  ...(PROFANITY_PRETEST ? [['biasguard profanity pre-test', PROFANITY_PRETEST] as [string, RegExp]] : []),
];

describe('ReDoS: SecurityGuard regular expressions', () => {
  it.each(REGEXES)(
    '%s is safe',
    async (_label, re) => {
      const diagnostics = await redosVerdict(re);
      if (diagnostics.status !== 'safe') {
        console.error(_label, re.source, JSON.stringify(diagnostics).slice(0, 500));
      }
      expect(diagnostics.status).toBe('safe');
    },
    90_000,
  );
});
