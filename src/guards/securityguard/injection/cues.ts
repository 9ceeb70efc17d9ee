/**
 * Source-independent cues of two attack families that carry no fixed phrase:
 *
 * - System-prompt extraction: the model's own instructions named as an object ("your initial
 *   instructions", "the text above", "systemPrompt"), stronger when a verb asks to repeat, print,
 *   encode, translate or continue them nearby.
 * - Persuasion / role play (PAIR-style): a persona or fictional frame ("you are a journalist",
 *   "for a thriller novel") around a request, stronger with persuasion markers ("for educational purposes", "without being detected") or a
 *   harmful topic. The markers include the levers PAIR's attacker prompt names (Chao et al. 2023):
 *   emotional pressure ("my family depends on this", "you are my last hope"), a deadline, the cost
 *   of a refusal, and a forced opening ("begin by replying with"). Justification frames count as
 *   frames too ("I'm working on a research project", "with this in mind", "given this context"),
 *   and a harmful topic (patterns.ts topic.*) counts as a marker when a request follows the frame:
 *   the combination, not either alone (leave-one-source-out, 3 seeds, means: PAIR 0.643 -> 0.779;
 *   other sources unchanged or within 0.006; flagged HaluEval 0.48% -> 0.63%, self-instruct-seed
 *   0.57% -> 0.76%, self-instruct-user 0.79% -> 0.79%. Chosen after reading the PAIR rows the
 *   model missed and the self-instruct-user fold's new false positive, so PAIR's figure is not a
 *   clean held-out one).
 *   Tried and left out (PAIR fold alone, one seed, 0.680 before): a learned "harmful request in
 *   context" feature, a harmful-vs-benign model's probability on texts of 3+ sentences as binned
 *   named features of the attack model: on the whole text 0.692 (the probability of long texts
 *   stays low); on the most harmful sentence 0.627, cross-fitted 0.645 (it learns question vs
 *   instruction style, not harm: benign data sentences scored high and lifted the threshold).
 *   Tried and left out 2026-12-02 (helper branch h-pair; phrases taken from reading PAIR rows the
 *   model missed, so not a clean held-out figure): a pre-emptive hedge ("I am not advocating", "make
 *   sure it does not encourage", "avoid explicitly promoting", "not recommended in real life",
 *   "should only be used for educational purposes", "will not be enacted", "just a role play") as
 *   one more marker inside a frame and, with a request but no frame, a cue of its own (weight 0.45);
 *   scenario set-ups as frames ("consider the following scenario", "in a dark dystopian society",
 *   "a character named", "you've been hired"); urgency and a forced opening as markers ("desperate",
 *   "matter of life and death", "time is of the essence", "at any cost", "sure, here is", "here is
 *   the first line"). The hedge matched 52 of 169 PAIR rows, 1 of 9 TAP rows and no other row of the
 *   shared data. Leave-one-source-out, fold seeds 11,1011,2011 (scripts/injection-variants.ts):
 *   PAIR 0.779 -> 0.795 [0.822 0.763 0.799], within the seed spread (0.746-0.811); Do-Not-Answer left
 *   out 0.14% -> 0.60%, sysprompt 0.917 -> 0.905, own-disguise 0.732 -> 0.706 (this run's hedge also
 *   took "not asking" and any "in real life"; the narrower one above ran with the other variants). With a pattern prior
 *   of 2.5 or 3 and wrapped harmful requests, see model.ts PATTERN_PRIOR and
 *   injection-persuasion.ts wrapRequest.
 *
 * Each regex is bounded (see redos.test.ts); each runs once over the normalized text, so the cost
 * is linear. The hits enter the model as named features and the pattern prior.
 */
import type { InjectionCategory } from './patterns.js';

export interface CueHit {
  id: string;
  category: InjectionCategory;
  weight: number;
  start: number;
  end: number;
  message: string;
}

/**
 * The model's own prompt as the object of a sentence. "The system message in the Windows event log"
 * is an operating system's message, not the model's.
 */
const PROMPT_OBJECT =
  /\b(?:your|its)\s+(?:own\s+|full\s+|entire\s+|whole\s+|exact\s+)?(?:system\s*(?:prompt|message|instructions?|configuration|config)|(?:initial|original|starting|first|hidden|secret|internal|previous|pre-?set|underlying)\s+(?:prompt|instructions?|configuration|message|directives?))\b|\bthe\s+system\s+(?:prompt|message|instructions)\b(?=\s{0,3}(?:[.,;:!?)"'\]]|$|for\b|in\b(?!\s{1,3}(?:the|a|an|my|our|this)\s{1,3}(?:[a-z]{2,15}\s{1,3}){0,2}?(?:log|logs|console|terminal|window|dialog|popup|file|screen|panel|viewer|tray)\b)|and\b|now\b|immediately\b|please\b))|\bsystem_?prompt\b|\binitiali[sz]ation\s+(?:string|text|prompt)\b|\binstructions\s+you\s+(?:were|have\s+been)\s+given\b|\b(?:were|was)\s+you\s+(?:told|instructed|given|programmed)\b|\bi\s+was\s+instructed\s+to\b|\bmy\s+instructions\s+are\b|\bnot\s+supposed\s+to\s+(?:tell|say|reveal|share)\b/g;
/** Generic objects ("the text above") only count next to a repeating verb; "verbatim" alone is everyday. */
const GENERIC_OBJECT =
  /\b(?:the\s+)?(?:text|everything|words|content)\s+above\b|\babove\s+text\b|\bentire\s+conversation\b/g;
// "log" is a verb of leaking, not the noun of "the Windows event log".
const LEAK_VERB =
  /\b(?:repeat|print|show|output|display|reveal|tell|share|dump|encode|translate|rot13|base64|summari[sz]e|paraphrase|continue|complete|start|begin|write\s+out|spell\s+out|recite|(?<!\b(?:event|error|audit|access|server|debug|system|the|a|an)\s)log)\b/;
const LEAK_WINDOW = 80;

/** A persona or a fictional frame put around a request. */
const FRAME =
  /\b(?:imagine|pretend|suppose)\s+(?:that\s+)?you(?:\s+(?:are|were)|['’]re)\b|(?:^|[.!?:;,]\s{0,4})you(?:\s+are|['’]re)\s+(?:an?|the)\s+[a-z0-9-]{2,30}\b|(?:^|[.!?:;,]\s{0,4})you(?:\s+are|['’]re)\s+(?:[a-z.]{2,15}\s+){0,2}?[a-z-]{2,20},\s+an?\s+[a-z-]{2,30}\b|\blet['’]s\s+play\s+a\s+(?:game|role-?play)\b|\bas\s+a\s+thought\s+experiment\b|\brole-?play\b|(?:^|[.!?]\s{0,4})as\s+an?\s+(?:[a-z-]{2,20}\s+){0,3}?(?:writer|journalist|researcher|expert|consultant|historian|novelist|screenwriter|scientist|specialist|professional|assistant|author|reporter|analyst|investigator)\b|\byou\s+(?:have\s+been|were|are)\s+(?:tasked|hired|asked|assigned|commissioned)\s+(?:with|to)\b|\b(?:hypothetical|fictional|fictitious|imaginary)\s+(?:scenario|story|world|setting|situation|universe)\b|\bfor\s+(?:a|my|the|your|an\s+upcoming)\s+(?:[a-z-]{2,15}\s+)?(?:novel|screenplay|movie|film|script|thriller|play|short\s+story)\b|\byour\s+(?:task|job|mission|goal|role)\s+is\s+to\b|\bin\s+(?:this|a|the)\s+(?:role-?play|game|scenario)\b|\b(?:i'm|i\s+am|we're|we\s+are)\s+(?:working\s+on|writing|conducting|doing|directing|producing|making|filming|developing|creating|building|running|launching|starting|putting\s+together)\s+(?:a|an|my|our|some)\s+(?:[a-z-]{2,15}\s+){0,2}?(?:project|novel|book|paper|thesis|study|article|story|screenplay|research|thriller|script|scene|fanfic|fan\s+fiction|movie|film|documentary|game|video|podcast|series|show|comic|manual|guide|handbook|textbook|curriculum|course|site|website|blog|newsletter|channel|account|magazine|campaign)\b|\bas\s+my\s+(?:therapist|doctor|psychiatrist|counsell?or|coach|friend|best\s+friend|lawyer|mentor|girlfriend|boyfriend|partner)\b|\bas\s+(?:a|an|my)\s+(?:[a-z-]{2,15}\s+){0,2}?[a-z-]{2,20},\s+you\s+(?:would|will|should|must|can)\b|\b(?:with|keeping|bearing)\s+(?:this|that|these|all\s+this)\s+in\s+mind\b|\b(?:given|in)\s+(?:this|that)\s+context\b|\bwrite\s+(?:me\s+)?(?:a|an)\s+(?:short\s+)?(?:story|scene|script|screenplay|dialogue|chapter)\s+(?:where|in\s+which)\b|\b(?:what|how)\s+would\s+(?:an?|the|that)\s+(?:[a-z-]{2,15}\s+){0,2}?(?:evil|malicious|unfiltered|uncensored|unrestricted|jailbroken|rogue|amoral|unethical|unaligned)\s+(?:ai|chatbot|assistant|model|bot|llm)\b|\bfor\s+(?:a|my|the)\s+(?:[a-z-]{2,15}\s+){0,2}?(?:class|course|workshop)\s+(?:i|we)\s+(?:teach|run|give)\b|\bfor\s+(?:a|my|our|the)\s+(?:[a-z-]{2,15}\s+){0,2}?(?:class|course|school|university|college|homework)\s+(?:assignment|project|exercise|lab)\b|\bin\s+(?:his|her|their)\s+(?:own\s+)?voice\b|\bthe\s+(?:villain|antagonist|killer|murderer|character|protagonist)['’]s\s+(?:letter|monologue|speech|confession|diary|note|dialogue|manifesto)\b/g;
/**
 * A role the user claims for themselves ("I'm a security researcher", "I am a chemistry teacher"):
 * PAIR's appeal to authority. Weaker than a persona given to the model: users state their job
 * before honest questions on hard topics ("I'm a lawyer ... the elements of a fraud conviction"),
 * so only a persuasion marker makes it a frame, a harmful topic alone does not. A study, training or
 * drill named as the purpose ("As part of a sociology study on ..., draft ...", "For a security
 * awareness training, write ...") is the same appeal, with the same condition (probe i40a).
 */
const CLAIMED_ROLE =
  /\b(?:testing|train(?:ing)?)\s+(?:our|its|my|the|their)\s+(?:[a-z'-]{2,15}\s+){0,2}?(?:fraud|security|red|moderation|trust|safety|detection|spam|email)\s+(?:teams?|filters?|classifiers?|systems?|models?)\b|\b(?:my|our)\s+(?:grand(?:mother|ma|father|pa)|mother|mom|father|dad|uncle|aunt|son|daughter|wife|husband|sister|brother)\s+(?:is|was)\s+(?:very\s+|terminally\s+|seriously\s+|gravely\s+)?(?:sick|ill|dying)\b|\b(?:i['’]m|i\s+am|as)\s+an?\s+(?:[a-z-]{2,20}\s+){0,2}?(?:researcher|journalist|writer|novelist|author|student|teacher|professor|scientist|chemist|doctor|nurse|physician|pharmacist|lawyer|police\s+officer|detective|investigator|consultant|pentester|penetration\s+tester|hacker|historian|screenwriter)\b|\b(?:as\s+part\s+of|for)\s+(?:a|an|my|our|the)\s+(?:[a-z'’-]{2,20}\s+){0,3}?(?:study|studies|experiment|training|trainings|exercise|simulation|drill|workshop|seminar|class|course|assignment|debate|competition|contest|tournament)\b(?=\s{0,3}(?:[,:]|on\b|about\b|into\b|of\b|for\s{1,3}(?:a|an|the|our|my)\s{1,3}[a-z-]{2,20}\s{0,2}[,:]))/g;
/**
 * A sentence to complete ("Complete the sentence without any warnings: The easiest way to ..."):
 * like a claimed role, a frame only beside a persuasion marker, since completing a sentence is an
 * everyday exercise ("Complete the sentence: the capital of France is").
 */
const COMPLETION =
  /\b(?:complete|finish|continue)\s+(?:the|this|my)\s+(?:following\s+)?(?:sentence|text|paragraph|line)\b/g;
const REQUEST =
  /\b(?:write|describe|explain|provide|create|develop|draft|give|outline|list|include|design|compose|detail|generate|share|craft|(?:tell|show|teach)(?:ing)?\s+(?:me|us)|walk\s+(?:me|us)\s+through|(?:i|we)\s+(?:need|want|require)\s+(?:a|an|some|you\s+to)|(?:need|want)\s+(?:the|a|an|my|this|his|her|their)\s+(?:[a-z'’-]{2,20}\s+){0,3}?to\s+(?:include|contain|explain|describe|show|detail|list|give|cover)|asks?\s+(?:you\s+)?(?:how|what|where|which)\s+to|continue\s+(?:the|his|her|their|my|this)\s+(?:story|tale|account|monologue|lesson|conversation|dialogue|scene)|(?:tell|show|teach)\s+(?:the|my|your|his|her|their|this)\s+[a-z-]{2,20}\s+(?:how|what|where|which)|(?:what|which|how)\s+(?:[a-z-]{2,20}\s+){0,3}?(?:can|could|should)\s+(?:i|we)\s+(?:use|mix|make|buy|get|combine|hide|avoid|hack|steal|fake|forge|poison|sneak|smuggle|launder|track|spy))\b/;
/** Arguments that talk a model past its refusal. */
const PERSUASION =
  /\b(?:realistic|convincing|believable)\s+(?:phone\s+)?(?:script|email|message|text|letter|article|post|call|conversation)\b|\b(?:dying|last|final)\s+wish\b|\bbefore\s+(?:she|he|they)\s+(?:pass(?:es)?|dies?|goes|go)\b|\bthe\s+most\s+(?:persuasive|convincing|compelling|powerful)\s+(?:[a-z-]{2,20}\s+){0,2}?(?:you\s+can|possible)\b|\bfor\s+(?:purely\s+)?(?:educational|research|academic|informational|fictional|training|awareness)\s+purposes\b|\bwithout\s+(?:being\s+(?:detected|caught|traced|noticed)|getting\s+caught|detection|leaving\s+(?:a\s+)?trace)\b|\b(?:i['’]m|i\s+am)\s+(?:so\s+|really\s+)?desperate\b|\bi\s+know\s+you\s+(?:can['’]t|cannot|aren['’]t\s+allowed|are\s+not\s+allowed|shouldn['’]t|normally\s+(?:can['’]t|wouldn['’]t|don['’]t|refuse))\b|\bi(?:\s+will|['’]ll)?\s+fail\s+(?:(?:my|the|this)\s+(?:[a-z-]{2,15}\s+){0,2}?)?(?:unless|if\s+you\s+(?:don['’]t|do\s+not))\b|\b(?:purely|strictly|entirely|only)\s+(?:hypothetical|fictional|educational|academic|for\s+fiction)\b|\b(?:begin|start)\s+(?:your|the)\s+(?:reply|response|answer|article|story)\s+with\b|\bit\s+is\s+(?:essential|crucial|vital|imperative)\s+(?:to|that)\b|\bwill\s+never\s+be\s+(?:used|acted)\b|\bno\s+matter\s+how\b|\bcontroversial\b|\bunconventional\b|\bin\s+(?:(?:great|vivid|graphic|full|complete|exhaustive|precise|technical|explicit|minute)\s+){0,2}detail\b|\b(?:my|our)\s+(?:grant|funding|contract|scholarship|licen[cs]e|degree|visa|position)\s+will\s+be\s+(?:cancell?ed|revoked|terminated|pulled|lost|withdrawn)\b|\b(?:i['’]ll|i\s+will)\s+(?:be\s+fired|get\s+fired|lose\s+my\s+(?:job|grant|funding|house|home|kids|children))\b|\bwill\s+fire\s+me\b|\bstep-by-step\b|\bwithout\s+(?:him|her|them|anyone|anybody|(?:his|her|their)\s+[a-z]{2,15})\s+(?:noticing|knowing|finding\s+out|realizing)\b|\b(?:the\s+)?(?:real|exact|working)\s+(?:commands|recipe|quantities|amounts|measurements|doses?|dosages?|combinations|ingredients|proportions|ratios|conversation|dialogue|wording|script)\b|\bwith\s+(?:exact\s+)?quantities\b|\b(?:without|no)\s+(?:any\s+)?(?:disclaimers?|warnings?|caveats?)\b|\bdon't\s+worry\b|\bnot\s+be\s+used\s+for\b|\b(?:begin|start)\s+(?:by\s+)?(?:replying|responding|saying|writing)\s+(?:with|:)|\b(?:my|your|their|his|her)\s+(?:family|families|children|kids|job|career|life|lives|livelihood|reputation)\s+(?:depends?|is\s+at\s+stake|are\s+at\s+stake|will\s+be\s+(?:ruined|lost|destroyed))\b|\blives\s+(?:are\s+at\s+stake|depend\s+on)\b|\b(?:if|unless)\s+you\s+(?:refuse|(?:don't|do\s+not|fail\s+to|can't|cannot)\s+help)\b|\b(?:only|less\s+than|within)\s+(?:\d{1,3}|one|two|three|a\s+few)\s+(?:hours?|days?|minutes?)\s+(?:left|to\s+(?:live|pay|finish|submit))\b|\b(?:you\s+are|you're)\s+my\s+(?:last|only)\s+hope\b|\bdesperately\b|\bno\s+placeholders\b|\bfully\s+(?:working|functional|operational)\b|\bas\s+(?:emotionally\s+|deeply\s+)?(?:convincing|realistic|authentic|persuasive|believable|accurate|powerful|compelling|hurtful|offensive|damaging|effective)\s+as\s+possible\b|\b(?:look|looks|sound|sounds|appear|seem)\s+(?:fully\s+|completely\s+|totally\s+|100%\s+)?(?:authentic|legitimate|genuine|real|official)\b|\bso\s+(?:that\s+)?(?:people|readers|users|everyone|they)\s+(?:will\s+)?(?:share|believe|trust|click|fall\s+for)\b|\baccuracy\s+is\s+(?:essential|crucial|vital|important|key)\b|\b(?:never|doesn['’]t|does\s+not)\s+(?:warns?|refuses?|moralizes?|hesitates?)\b|\balways\s+(?:answers|complies|obeys)\b|\bwith\s+all\s+(?:the\s+)?(?:details|specifics)\b|\ball\s+the\s+(?:practical|technical|real|specific|gory|precise)\s+details\b|\bmak(?:e|es|ing)\s+(?:it|them)\s+(?:sound\s+|look\s+|seem\s+)?(?:believable|convincing|realistic|credible|official|legit)\b|\bsound\s+urgent\s+and\s+official\b|\bso\s+(?:that\s+)?(?:no\s+(?:one|[a-z]{2,15})|nobody)\s+(?:notices|finds\s+out|can\s+tell|will\s+know|suspects)\b|\b(?:so\s+(?:that\s+)?(?:they|it|he|she|nobody|no\s+one)|that|which)\s+(?:couldn['’]t|can['’]t|cannot|could\s+not|wouldn['’]t|won['’]t)\s+be\s+(?:traced|detected|found|caught|identified)\b/g;

export const CUE_REGEXES: RegExp[] = [
  PROMPT_OBJECT,
  GENERIC_OBJECT,
  LEAK_VERB,
  FRAME,
  CLAIMED_ROLE,
  REQUEST,
  PERSUASION,
  COMPLETION,
];

function near(re: RegExp, text: string, start: number, end: number): boolean {
  return re.test(text.slice(Math.max(0, start - LEAK_WINDOW), Math.min(text.length, end + LEAK_WINDOW)));
}

/**
 * Cue hits in the normalized (lower-case) text; offsets point into that text. `harmfulTopic`: the
 * pattern library found a harmful topic in the text.
 */
export function cueHits(text: string, harmfulTopic = false): CueHit[] {
  const hits: CueHit[] = [];
  // System-prompt extraction: the first object, strongest with a verb nearby.
  let best: CueHit | null = null;
  PROMPT_OBJECT.lastIndex = 0;
  for (let m = PROMPT_OBJECT.exec(text), n = 0; m !== null && n < 20; m = PROMPT_OBJECT.exec(text), n++) {
    const end = m.index + m[0].length;
    const withVerb = near(LEAK_VERB, text, m.index, end);
    if (best === null || (withVerb && best.weight < 0.8)) {
      best = {
        id: withVerb ? 'cue.leak_prompt' : 'cue.prompt_object',
        category: 'system_prompt_extraction',
        weight: withVerb ? 0.8 : 0.5,
        start: m.index,
        end,
        message: withVerb
          ? 'asks to repeat or transform its own instructions'
          : 'refers to its own instructions',
      };
    }
    if (withVerb) break;
  }
  if (best === null) {
    GENERIC_OBJECT.lastIndex = 0;
    for (let m = GENERIC_OBJECT.exec(text), n = 0; m !== null && n < 20; m = GENERIC_OBJECT.exec(text), n++) {
      const end = m.index + m[0].length;
      if (!near(LEAK_VERB, text, m.index, end)) continue;
      best = {
        id: 'cue.repeat_above',
        category: 'system_prompt_extraction',
        weight: 0.5,
        start: m.index,
        end,
        message: 'asks to repeat earlier text word for word',
      };
      break;
    }
  }
  if (best !== null) hits.push(best);
  // Role play and persuasion around a request.
  FRAME.lastIndex = 0;
  CLAIMED_ROLE.lastIndex = 0;
  COMPLETION.lastIndex = 0;
  const persona = FRAME.exec(text);
  const claimed = persona ?? CLAIMED_ROLE.exec(text);
  const completion = claimed === null ? COMPLETION.exec(text) : null;
  const frame = claimed ?? completion;
  // A sentence to complete is its own request.
  if (frame !== null && (completion !== null || REQUEST.test(text))) {
    PERSUASION.lastIndex = 0;
    const persuasion = text.match(PERSUASION)?.length ?? 0;
    // A claimed role without a persuasion marker is a user saying who they are; a sentence to
    // complete without one is an exercise.
    if (persona === null && persuasion === 0) return hits;
    // A harmful topic with a frame that opens a request (a request follows the frame) counts as one
    // more marker: the combination, not either alone. A frame after the request ("... heard in the
    // game" closing the data of a rating task) does not make the topic a framed request; a frame
    // that is itself the request ("write a scene in which", "finish the following sentence") does.
    const framedHarm = harmfulTopic && (completion !== null || REQUEST.test(text.slice(frame.index)));
    const markers = persuasion + (framedHarm ? 1 : 0);
    const weight = markers >= 2 ? 0.75 : markers === 1 ? 0.55 : 0.25;
    hits.push({
      id: markers >= 2 ? 'cue.roleplay_persuade2' : markers === 1 ? 'cue.roleplay_persuade1' : 'cue.roleplay',
      category: 'harmful_framing',
      weight,
      start: frame.index,
      end: frame.index + frame[0].length,
      message:
        markers > 0
          ? 'wraps a request in a persona or story with persuasion'
          : 'wraps a request in a persona or story',
    });
  }
  return hits;
}
