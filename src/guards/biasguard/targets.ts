/**
 * Majority groups: the ones stereotypes and hate rarely target (the complement of ToxiGen's
 * target groups and BBQ's stereotyped groups). A mention of any other group term counts as a
 * mention of a commonly targeted group; the classifier learns how much either matters.
 */
const MAJORITY = new Set(
  (
    'white,whites,white people,white men,white women,white man,white woman,caucasian,caucasians,' +
    'men,man,male,males,guys,guy,boys,boy,he,husbands,husband,fathers,father,dads,dad,' +
    'straight,straight people,heterosexual,heterosexuals,rich,rich people,the rich,wealthy,millionaire,millionaires,billionaire,billionaires,rich kids,' +
    'christian,christians,christianity,protestant,protestants,catholic,catholics,american,americans,canadian,canadians,' +
    'european,europeans,british,british people,brits,german,germans,french,the french,french people,italian,italians,irish,' +
    'young people,the young,youngsters,thin people,skinny people,skinny,tall people,attractive people,beautiful people'
  ).split(','),
);

export const isMajorityTerm = (term: string): boolean => MAJORITY.has(term);
