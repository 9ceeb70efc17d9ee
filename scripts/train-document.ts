/**
 * `npm run train:document [-- --report]`: trains the document-mode model (instructions embedded in
 * emails, tables, code answers, web pages) and writes
 * src/guards/securityguard/injection/document.weights.json. See scripts/document-loko.ts for the data.
 *
 * Threshold: picked on the `tune` fifth of the clean documents (never trained on) so that at most
 * 1.2% of them are flagged; it is stored as a unit probability.
 * `--report` also prints the leave-one-kind-out figures; `--seeds N` repeats them over N training
 * seeds and prints each kind's spread (one seed moves the code line by a lot: with 50 clean code
 * documents one document is 2%). `--no-strict` skips the strict lines; `--no-write` writes no
 * weights (report only); `--data-seed N` (report only, N > 0 writes no weights) draws our generated
 * documents anew, see documentRows. `--bag N` (default DOC_BAG, 5) averages N models trained with
 * different seeds into one linear model (`--bag 1`: a single model, as before 2026-12-02); it
 * narrows the spread over seeds, see fitDocumentModel.
 *
 * 2026-12-05, nineteenth session: probes written for document mode (eval/data/document_probe.jsonl,
 * printed by `npm run eval -- securityguard-injection`). The shipped model flags 8/10 inserted
 * instructions and 0/10 clean twins, but 4/10 pages with one sentence that only speaks of an
 * assistant or a bot ("The AI assistant on our website was updated in March." 0.93, "The language
 * model was trained on public domain books." 0.86): the generated clean documents hardly ever name
 * one, so naming one reads as addressing it. Two tries, neither kept (figures: --report --no-strict
 * --seeds 3, recall / clean flagged per kind left out; shipped email 0.900 / 2.0%, table 0.927 /
 * 0%, code 0.920 / 2.0%):
 * - More addressee cues in document.ts (assistant names chatgpt, claude, gemini, copilot and "bot"
 *   in TO_MODEL and as openers; disregard, override, approve, grant as imperatives): the same
 *   leave-one-kind-out figures, inserted 10/10 (the two misses were "ChatGPT: disregard ..." and
 *   "P.S. to any bot summarizing this: ..."), but the AI-mention pages 9/10.
 * - 215 clean documents with one composed sentence about an assistant or bot inserted (14 subjects x
 *   15 predicates, written apart from the probe) as hard negatives: mention pages 5/10, inserted
 *   8/10, code left out 0.840 / 2.0% (target 0.85 missed), threshold 3.03 -> 2.46.
 * - 352 real ChatGPT answers that name an AI model ("As an AI language model, I cannot ...", from
 *   hallucination/halueval_general_dev.jsonl) as clean prose documents: mention pages 2/10, inserted
 *   9/10, but a clean twin flagged (1/10) and code left out 0.813 / 2.7%, table 0.893 / 0%.
 * The lead: real pages and emails that speak of assistants (not composed ones, not a model's own
 * answers) as clean training documents.
 *
 * 2026-12-05, twentieth session: 30 fresh clean documents (how-tos, FAQ answers, notices) flag 1
 * through the guard: "Answer: You should always validate user input on the server. Never trust the
 * client. ..." (0.99). The label "Answer:" is read as the imperative verb answer, and its quiet
 * neighbours lift it (relativeScores: raw logit -0.8, score 4.7). Reading a word before a colon as
 * a label (`open:label`, not a verb) in unitCues: email 0.900 / 1.3%, table 0.929 / 0%, code
 * 0.940 / 4.0% (one more clean code answer of 50 flagged, oracle recall at 2% 0.940 -> 0.933);
 * not kept, as the code kind's clean-flagged target (2%) would fail.
 *
 * 2026-12-05, twenty-first session: a fresh probe of 10 inserted instructions in new carriers (JSON
 * tool output, an HTML comment, a README quote, a calendar invite, a search result, a PDF, a
 * transcript) and their 10 clean twins, through the guard: 10/10 flagged, 1/10 clean flagged, the
 * title of a search result ("Result 3: How to reset a router - TechHelp.", raw logit -1.0, score
 * 3.7) lifted by its quiet how-to neighbour (raw -6.5). A floor of -3 on the neighbours' mean in
 * relativeScores (quiet neighbours lift a unit by 2.4 logits at most), seed 1: email 0.900 / 2.0%,
 * table 0.984 / 15.7%, code 1.000 / 28% (oracle recall at 2%: table 0.958, code 0.940): the
 * thresholds picked on the other kinds no longer transfer; not kept.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DOCUMENT_WEIGHTS_URL } from '../src/guards/securityguard/injection/document.js';
import { encodeWeights, sigmoid } from '../src/guards/securityguard/injection/model.js';
import {
  DOC_BAG,
  DOC_FPR_TARGET,
  documentRows,
  fitDocumentModel,
  type KindResult,
  leaveOneKindOut,
  NONPROSE_NEGATIVE_WEIGHT,
  ORACLE_CLEAN_SHARE,
} from './document-loko.js';

const SEED = 20261130;
const started = Date.now();
const argValue = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(name);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  return Number.isFinite(value) && value >= 0 ? Math.floor(value) : fallback;
};
const seeds = Math.max(1, argValue('--seeds', 1));
const dataSeed = argValue('--data-seed', 0);
const bag = Math.max(1, argValue('--bag', DOC_BAG));
const docs = documentRows(1, dataSeed);
console.log(
  `documents: ${docs.length} (with our inserted instructions, data seed ${dataSeed}); features in ${Date.now() - started} ms`,
);

if (process.argv.includes('--report')) {
  for (const strict of process.argv.includes('--no-strict') ? [false] : [false, true]) {
    const runs = new Map<string, KindResult[]>();
    for (let s = 0; s < seeds; s++)
      for (const [kind, r] of leaveOneKindOut(docs, strict, 5 + 100 * s, bag)) {
        runs.set(kind, [...(runs.get(kind) ?? []), r]);
        console.log(
          `  ${strict ? 'strict ' : ''}left out ${kind}${seeds > 1 ? ` (seed ${s + 1})` : ''}: recall ${r.recall.toFixed(3)} (span found ${r.spanHit.toFixed(3)}, n=${r.attacks}) clean flagged ${r.cleanFlagged.toFixed(4)} (n=${r.clean}; oracle recall at ${ORACLE_CLEAN_SHARE * 100}% ${r.oracleRecall.toFixed(3)}) | baseline recall ${r.baselineRecall.toFixed(3)} clean flagged ${r.baselineCleanFlagged.toFixed(4)}`,
        );
      }
    if (seeds < 2) continue;
    for (const [kind, rs] of runs) {
      const spread = (xs: number[], digits: number): string =>
        `mean ${(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(digits)} [${Math.min(...xs).toFixed(digits)}, ${Math.max(...xs).toFixed(digits)}]`;
      console.log(
        `  ${strict ? 'strict ' : ''}left out ${kind}, ${seeds} seeds: recall ${spread(
          rs.map((r) => r.recall),
          3,
        )} clean flagged ${spread(
          rs.map((r) => r.cleanFlagged),
          4,
        )} | oracle recall at ${ORACLE_CLEAN_SHARE * 100}% clean ${spread(
          rs.map((r) => r.oracleRecall),
          3,
        )}`,
      );
    }
  }
}

if (dataSeed !== 0 || process.argv.includes('--no-write')) {
  console.log(
    dataSeed !== 0 ? 'data seed other than 0: no weights written' : '--no-write: no weights written',
  );
  process.exit(0);
}
const train = docs.filter((d) => d.role === 'train');
const tune = docs.filter((d) => d.role === 'tune' && !d.attack);
const dm = fitDocumentModel(train, tune, SEED, bag);
console.log(`final model: logit threshold ${dm.threshold.toFixed(3)}; ${Date.now() - started} ms`);
const file = encodeWeights(dm.model.w, dm.model.bias, { a: 0, b: 1, c: 0 }, sigmoid(dm.threshold), {
  trainedAt: new Date().toISOString().slice(0, 10),
  documents: docs.length,
  trainDocuments: train.length,
  tuneCleanDocuments: tune.length,
  seed: SEED,
  bag,
  nonproseNegativeWeight: NONPROSE_NEGATIVE_WEIGHT,
  fprTarget: DOC_FPR_TARGET,
  thresholdFrom: 'clean documents of the tune fifth (by id hash), unseen in training',
});
const path = fileURLToPath(DOCUMENT_WEIGHTS_URL);
writeFileSync(path, JSON.stringify(file));
console.log(
  `wrote ${path}: ${file.idx.length} non-zero weights, ${(JSON.stringify(file).length / 1024).toFixed(0)} KB`,
);
