import { describe, expect, it } from 'vitest';
import { ground } from './grounding.js';
import { evaluateTrust } from './index.js';
import { restatedAnswer } from './restated.js';

/** Own examples: right answers written as sentences that reword the question, and wrong ones. */
const opts = { flagThreshold: 0.5, blockThreshold: 0.9, supportThreshold: 0.5 };
const TOWER =
  'The Eiffel Tower was designed by the engineering firm of Gustave Eiffel and completed in March 1889 for the World Fair. It is 330 metres tall and was the tallest structure in the world until 1930.';
const risk = (text: string, question: string, source = TOWER): number =>
  evaluateTrust({ text, sources: [source], question }, opts).risk;
const restated = (text: string, question: string, source = TOWER): boolean =>
  restatedAnswer(ground(text, [{ id: 's1', text: source }], question, opts), question);

describe('restated answers', () => {
  it('keeps a right answer written as a sentence around the question at low risk', () => {
    expect(
      risk('The tower was completed in March 1889.', 'When was the Eiffel Tower completed?'),
    ).toBeLessThan(0.5);
    expect(
      risk('It was designed by the engineering firm of Gustave Eiffel.', 'Who designed the Eiffel Tower?'),
    ).toBeLessThan(0.5);
    expect(
      risk(
        'It remained the tallest structure in the world until 1930.',
        'Until when was it the tallest structure?',
      ),
    ).toBeLessThan(0.5);
  });

  // Fresh probe t31a (2026-12-06): a pronoun subject stands for what the question names (0.77).
  it('reads an opening pronoun as the question subject, which must share the source sentence', () => {
    const mountain = 'Mount Kilimanjaro, in Tanzania, is the highest mountain in Africa at 5,895 metres.';
    const q = 'Which country is Kilimanjaro in?';
    expect(restated('It is in Tanzania.', q, mountain)).toBe(true);
    expect(risk('It is in Tanzania.', q, mountain)).toBeLessThan(0.5);
    const rivers =
      'The Nile flows north through Sudan and Egypt and empties into the Mediterranean Sea. The Congo River empties into the Atlantic Ocean.';
    expect(restated('It empties into the Atlantic Ocean.', 'Where does the Nile empty?', rivers)).toBe(false);
  });

  // Fresh probes t43a / t43b (2026-12-07, forty-third session): "What happened to X?" asks for no
  // noun, so an answer need not name "happened" to restate the source (1.00 before).
  it('reads "what happened" as asking for an event, and keeps the answer to its own clause', () => {
    const results =
      'Global smartphone shipments fell 5% in the third quarter, while tablet shipments grew 2%.';
    const q = 'What happened to tablet shipments?';
    expect(restated('They grew by 2%.', q, results)).toBe(true);
    expect(risk('They grew by 2%.', q, results)).toBeLessThan(0.5);
    expect(risk('They fell by 5%.', q, results)).toBeGreaterThanOrEqual(0.5);
  });

  // Fresh probes t38a / t38b (2026-12-07): the source sentence that holds the fact opens with a
  // pronoun, and what it refers to stands in the sentence before (0.79 and 1.00 before).
  it('reads a source sentence that opens with a pronoun as about the previous subject', () => {
    const bridge =
      'The Golden Gate Bridge opened to traffic in May 1937. At the time it was the longest suspension bridge in the world. Its chief engineer was Joseph Strauss.';
    const q = 'Who was the chief engineer of the Golden Gate Bridge?';
    expect(restated('Joseph Strauss was the chief engineer of the bridge.', q, bridge)).toBe(true);
    expect(risk('Joseph Strauss was the chief engineer of the bridge.', q, bridge)).toBeLessThan(0.5);
    expect(risk('Charles Ellis was the chief engineer of the bridge.', q, bridge)).toBeGreaterThanOrEqual(
      0.5,
    );
    const library =
      'The library is open from 9 am to 6 pm on weekdays. It is closed on Sundays and public holidays.';
    expect(
      risk('The library is closed on Sundays.', 'Is the library open on Sundays?', library),
    ).toBeLessThan(0.5);
    // Only the subject is carried over, not the whole previous sentence.
    const fox =
      'The red fox lives across the Northern Hemisphere. It hunts rodents at dusk. Arctic foxes eat lemmings.';
    expect(restated('The red fox hunts lemmings at dusk.', 'What does the red fox hunt?', fox)).toBe(false);
  });

  // Fresh probes t38c-t38e (2026-12-07): names swapped between the clauses of one source sentence
  // were capped at 0.20 ("Percy Shelley authored the novel."); each clause of the claim must now
  // hold in one clause of the source, which also lets two reworded words through when WordNet
  // explains one of them.
  it('keeps who did what in its own clause of the source sentence', () => {
    const novel = 'The novel was written by Mary Shelley, while her husband Percy edited the first edition.';
    expect(restated('Mary Shelley authored the novel.', 'Who wrote the novel?', novel)).toBe(true);
    expect(restated('Percy Shelley authored the novel.', 'Who wrote the novel?', novel)).toBe(false);
    const apollo =
      'The Apollo 11 mission launched on July 16, 1969. Neil Armstrong and Buzz Aldrin landed on the Moon on July 20, while Michael Collins remained in lunar orbit.';
    const q = 'Which Apollo 11 astronaut did not land on the Moon?';
    expect(restated('Michael Collins stayed in lunar orbit while the others landed.', q, apollo)).toBe(true);
    expect(restated('Buzz Aldrin stayed in lunar orbit while the others landed.', q, apollo)).toBe(false);
  });

  // The short-answer block reads how far a claim falls apart by clause (grounding.ts clauseGap).
  it('measures the clause gap of a name moved to the other clause', () => {
    const vaccines =
      'The first vaccine was developed by Edward Jenner in 1796, whereas Louis Pasteur later created a rabies vaccine in 1885.';
    const gap = (text: string) =>
      ground(text, [{ id: 's1', text: vaccines }], 'Who created the rabies vaccine?', opts).features[0]
        ?.clauseGap;
    expect(gap('Pasteur created the rabies vaccine in 1885.')).toBe(0);
    expect(gap('Jenner created the rabies vaccine in 1885.')).toBeGreaterThan(0);
  });

  // HaluEval qa1:358: a true sentence that does not name what the question asks for is no answer.
  it('declines an answer that never names the noun the question asks for', () => {
    const song =
      '"Touch" is a song by British girl group Little Mix. It was released as the second single from their studio album "Glory Days". It was released on 18 November 2016, by Syco Music and Columbia Records.';
    const q = '"Touch" is a song from an album released under which labels?';
    expect(restated('"Touch" is a single from "Glory Days".', q, song)).toBe(false);
  });

  it('reads a title with a chat word ("Watch") as no chat remark', () => {
    const museum = "The Rijksmuseum in Amsterdam holds Rembrandt's The Night Watch, painted in 1642.";
    expect(
      restated(
        'The Night Watch is held by the Rijksmuseum in Amsterdam.',
        'Which museum holds The Night Watch?',
        museum,
      ),
    ).toBe(true);
  });

  it('still flags a changed number, an added name and a word put in place of the source word', () => {
    expect(
      risk('The tower was completed in March 1899.', 'When was the Eiffel Tower completed?'),
    ).toBeGreaterThanOrEqual(0.5);
    expect(
      risk('It was designed by the engineering firm of Gustave Flaubert.', 'Who designed the Eiffel Tower?'),
    ).toBeGreaterThanOrEqual(0.5);
    // "shipping" stands where the source writes "engineering", between the same two words.
    expect(
      restated('It was designed by the shipping firm of Gustave Eiffel.', 'Who designed the Eiffel Tower?'),
    ).toBe(false);
  });

  it('leaves to the model an answer to a choice, a bare span and words of two sentences', () => {
    expect(
      restated(
        'The Eiffel Tower was completed first.',
        'Which was completed first, the Eiffel Tower or the Chrysler Building?',
      ),
    ).toBe(false);
    expect(restated('Gustave Eiffel', 'Who designed the Eiffel Tower?')).toBe(false);
    // "330 metres" and "World Fair" never stand in one sentence.
    expect(
      restated('The tower was 330 metres tall for the World Fair.', 'How tall was the Eiffel Tower?'),
    ).toBe(false);
  });
});

describe('restated answers: what they may not do', () => {
  const BIRD =
    'The ruby-throated hummingbird beats its wings about 53 times per second. The hummingbird migrates across the Gulf of Mexico.';
  it('compares a last word with the source in its frame ("times per minute")', () => {
    expect(
      restated('It beats its wings about 53 times per second.', 'How often does it beat its wings?', BIRD),
    ).toBe(true);
    expect(
      restated('It beats its wings about 53 times per minute.', 'How often does it beat its wings?', BIRD),
    ).toBe(false);
  });

  it('declines a question with many conditions the answer leaves unsaid', () => {
    const q = 'Which small migrating bird of eastern North America beats its wings fastest when hovering?';
    expect(
      restated('The ruby-throated hummingbird beats its wings about 53 times per second.', q, BIRD),
    ).toBe(false);
  });

  it('allows one reworded word, not two', () => {
    expect(
      restated(
        'The hummingbird migrates across the whole Gulf of Mexico.',
        'Where does the hummingbird migrate?',
        BIRD,
      ),
    ).toBe(true);
    expect(
      restated(
        'The hummingbird migrates across the whole stormy Gulf of Mexico.',
        'Where does the hummingbird migrate?',
        BIRD,
      ),
    ).toBe(false);
  });
});

describe('a bare yes or no with its question', () => {
  const BANDS =
    'The New Pornographers is a Canadian indie rock band formed in 1997 in Vancouver. Kings of Leon is an American rock band that formed in Nashville in 1999.';
  it('is judged by whether the sources speak of what the question names, not by the word it copies', () => {
    // 2026-12-07: every bare "yes" or "no" of HaluEval (27 right answers) scored 0.78, since "no"
    // copies no word of the sources.
    const q = 'Are both The New Pornographers and Kings of Leon American rock bands?';
    expect(risk('no', q, BANDS)).toBeLessThan(0.5);
    expect(risk('Yes.', q, BANDS)).toBeLessThan(0.5);
    // About names the sources never mention, it is unsupported.
    expect(risk('yes', 'Are both Radiohead and Blur English rock bands?', BANDS)).toBeGreaterThanOrEqual(0.5);
  });
});

describe("a short answer that fills the question's own clause", () => {
  const FOUNDED =
    'The company was founded in 1998 by Larry Page and Sergey Brin while they were Ph.D. students at Stanford University.';
  const INSULIN =
    'Insulin was first isolated in 1921 at the University of Toronto by Frederick Banting and Charles Best.';
  it('keeps a right answer that reorders the words of the clause low (2026-12-07, probes t39c, t39d)', () => {
    expect(risk('Page and Brin, in 1998.', 'Who founded the company and when?', FOUNDED)).toBeLessThan(0.5);
    expect(
      risk('In Toronto, by Banting and Best.', 'Where and by whom was insulin first isolated?', INSULIN),
    ).toBeLessThan(0.5);
  });

  it('counts a date written in another order as one number, not two facts', () => {
    const wall =
      'The Berlin Wall fell on November 9, 1989, when East German authorities opened the border crossings.';
    expect(risk('9 November 1989', 'When did the Berlin Wall fall?', wall)).toBeLessThan(0.5);
    expect(risk('9 November 1991', 'When did the Berlin Wall fall?', wall)).toBeGreaterThanOrEqual(0.5);
  });

  it('reads a number with or without its thousands commas as the same word', () => {
    const everest = "Mount Everest's summit is 8,849 metres (29,032 ft) above sea level.";
    expect(risk('8849 m', 'How tall is Mount Everest?', everest)).toBeLessThan(0.5);
    expect(risk('8489 m', 'How tall is Mount Everest?', everest)).toBeGreaterThanOrEqual(0.5);
  });

  it('flags the same shape with a name the clause does not hold', () => {
    expect(
      risk('Page and Gates, in 1998.', 'Who founded the company and when?', FOUNDED),
    ).toBeGreaterThanOrEqual(0.5);
    expect(
      risk('In Toronto, by Banting and Macleod.', 'Where and by whom was insulin first isolated?', INSULIN),
    ).toBeGreaterThanOrEqual(0.5);
  });
});
