/**
 * Compact name lists for person detection. Given names are common across English, Romance,
 * Germanic, Nordic, Slavic, Asian and Arabic naming traditions; surnames are the most frequent
 * family names of the same traditions. Kept as one string each so loading costs one split.
 */
const GIVEN = `
aaron abby abdul abigail adam adrian agnes ahmed aiden aisha akira alan albert alberto alejandro aleksandr
alessandro alex alexander alexandra alexis alfred ali alice alicia alina alison amanda amber amelia amir amy
ana anastasia anders andre andrea andreas andrew andy angela angelo anita ann anna anne annie anthony antoine
anton antonio arjun arnaud arthur ashley astrid aurora austin ava barbara beatrice ben benjamin bernard beth
betty bianca bill bjorn bob bobby boris brad brandon brenda brian bridget brittany bruce bruno bryan caitlin
camila carl carla carlos carmen carol caroline carolyn casey catherine cecilia charles charlie charlotte chen
cheryl chiara chloe chris christian christina christine christopher cindy claire clara claude claudia colin
connor craig cristina cynthia daisy dan daniel daniela danielle daniele dario david dawn dean deborah debra
denis denise dennis derek diana diane diego dmitri dmitry dominic donald donna doris dorothy douglas dylan
eduardo edward elena eleanor elias elijah elizabeth ella ellen emil emilia emily emma enrique eric erik erin
ethan eugene eva evelyn fabian fatima felix fernando filip fiona florian francesca francesco francis francisco
frank franz fred frederick gabriel gabriela gary george georg gerald gerard giovanni giulia giuseppe gloria
grace greg gregory gustav hana hannah hans harold harry heather hector heidi helen helena henrik henry hiroshi
holly howard hugo ian igor ingrid irene isaac isabel isabella isabelle ivan jack jacob jacqueline jakob james
jamie jan jana jane janet janice jason javier jean jeff jeffrey jennifer jens jeremy jerome jerry jesper jesse
jessica jill jim jimmy joan joanna joao joe joel johan johanna john johnny jon jonas jonathan jordan jorge jose
josef joseph josephine joshua juan judith judy julia julian julie juliet julien justin kai karen karin karl
kate katherine kathleen kathryn katie kayla keith kelly ken kenneth kevin kim kimberly klaus kristin kyle lars
laura lauren lea leah lena leo leon leonardo lily linda lisa liam logan lorenzo louis louise lucas lucia lucy
luis luca lukas luke lydia maciej madison magnus maja manuel marc marcel marco marcus margaret maria marie
marina mario marion mark marta martin mary mateo matteo matthew matthias maurice max maxim maya megan mehmet
melissa mia michael michel michela michele michelle miguel mikael mike mila milan miriam mohamed mohammed
monica monika nadia nancy naomi natalia natalie nathan nicholas nicola nicolas nicole niels nikita nikolai
nina noah nora olga oliver olivia omar oscar pablo pamela patricia patrick paul paula pedro peter petra
philip philippe pierre pietro rachel rafael ramon raphael rebecca richard rita robert roberto robin roger
roman ronald rosa rose ruth ryan sabine samantha samuel sandra sara sarah scott sean sebastian sergei sergio
shane sharon sofia sophia sophie stefan stefano stephanie stephen steven susan svetlana sven tamara tanya
teresa theresa thomas tim timothy tobias todd tom tomas tony tyler valentina vanessa vera veronica victor
victoria vincent vladimir walter wei wendy william willem xavier yan yasmin yuki yusuf zachary zoe
abel ada adriana aileen alana alberta alena alessia alfonso alma alvaro amalia amelie andrei andres angel angelica
angelina anja annika antonia ariana arianna armando arturo audrey barry beatriz benedikt bernadette blake bonnie
brandi brenda brett brooke caleb calvin cameron candice carina carlo carmela carrie cassandra catalina cedric
celine cesar chad chantal chiara clarence clemens cody colette conrad constance cora courtney curtis dale damian
damien dana dante darius darren dave debbie delia desmond devon dolores dominik duncan dustin edgar edith edwin
eileen elaine eleni elisa elise eloise elsa emanuel emilio enzo erika ernesto esther ethel eugenia fabio faye
federico felicia fernanda flora frederik freya gabriele gemma georgina gerardo gianluca gilbert gina giorgio
giulio glen glenn gordon graham greta guillermo gunnar hailey haruto hassan hazel heinz helga herbert hilda
hiro ida ines ingo irina iris isaiah ivana jade jaime jasmine jasper jenna jenny jessie joanne jocelyn jolene
jonah jorgen juliana julio kaitlyn kamal karina karolina kasper katarina katrin kaylee kelvin kendra kenji kerry
kristi kristina kurt kwame lana larissa layla leila leonie liliana lina lionel lola lorena lorraine lou luana
lucian luciana ludwig luigi luisa luna lyle mackenzie maddie mae magdalena malik marcela margarita mariana
marisa marissa marius marlene martina matilda mattia maureen mauricio maxwell melanie mercedes micah mikhail
milo miranda mirko molly morgan nadine natasha neil nelson nicolai nikola nils noel norma octavia odette oksana
olaf orlando otto owen pascal patrizia paolo perry philippa pilar priya quentin rafaela raquel raul regina
reginald renata rene renee ricardo riccardo rico roberta rodney rodrigo rogelio roland rolf ronnie rosalind
rosario ross rudolf russell sabrina salvatore sami samir sandro santiago sasha saul selena serena sergey
seth shannon shawn sheila shelley shirley sienna silvia simon simone sonia sonja stacy stanley stella sven
sylvia takeshi tara tatiana terry tessa thiago tiffany tina tobias tomas tracy trevor ulrich ursula valeria
valerie vasily viktor viola violet vivian wallace warren wayne wilhelm yara yolanda yvonne zara
`;

const SURNAMES = `
adams ahmed ali allen anderson andersson bailey baker becker bennett bernard bianchi brown campbell carter
castro chen clark collins cook cooper costa cruz davies davis diaz dubois edwards evans fischer flores
fontaine garcia gomez gonzalez gray green hall harris hernandez hill hoffmann hughes ivanov jackson jansen
johansson johnson jones kelly khan kim king klein koch kowalski kumar lambert lee lewis lopez martin
martinez meyer miller mitchell moore morales morgan morris muller murphy nelson nguyen nielsen novak olsen
parker patel perez peters petrov phillips richter rivera roberts robinson rodriguez rogers romano rossi ruiz
sanchez santos schmidt schneider schulz scott silva singh smirnov smith stewart taylor thomas thompson
torres turner walker wang ward weber white williams wilson wood wright young zhang
`;

/** Words that look like names but are common English words; matched only when capitalized mid-sentence. */
const AMBIGUOUS = `
will may june april august mark rose grace hope faith joy bill frank art jack max sun summer autumn
rich victor angel dawn holly ivy lily ruby amber crystal chase hunter miles drew earl guy pat sandy
penny carol ray gene dean john
`;

/** Given names that are also common place names: a person only with a surname or a cue. */
const PLACE_LIKE = `
austin jordan victoria florence georgia virginia sydney chelsea madison savannah dallas houston phoenix
paris lincoln washington jackson orlando florida carolina adelaide alexandria regina sofia lima santiago
`;

const toSet = (s: string): Set<string> => new Set(s.split(/\s+/).filter((w) => w.length > 0));

export const GIVEN_NAMES: ReadonlySet<string> = toSet(GIVEN);
export const SURNAME_SET: ReadonlySet<string> = toSet(SURNAMES);
export const AMBIGUOUS_NAMES: ReadonlySet<string> = toSet(AMBIGUOUS);
export const PLACE_LIKE_NAMES: ReadonlySet<string> = toSet(PLACE_LIKE);
