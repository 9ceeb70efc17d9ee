/**
 * Countries and what their people are called: the adjective ("Filipino food"), the noun for one
 * person ("a Filipino") and for many ("Filipinos"). BiasGuard reads the nouns as group terms
 * (a stereotype about Ethiopians is one about a nationality, listed or not); TrustGuard reads a
 * demonym as its country ("Spanish hospitals" is grounded in "hospitals in Spain").
 *
 * Written for this project from general knowledge (common English usage), one line per country:
 * `country|adjective|singular|plural`. An empty singular is the adjective; an empty plural is the
 * singular plus "s"; "-" means English has no noun ("Vietnamese people", not "Vietnameses").
 */
const TABLE = `
afghanistan|afghan||
albania|albanian||
algeria|algerian||
andorra|andorran||
angola|angolan||
antigua|antiguan||
argentina|argentine||
armenia|armenian||
australia|australian||
austria|austrian||
azerbaijan|azerbaijani||
bahamas|bahamian||
bahrain|bahraini||
bangladesh|bangladeshi||
barbados|barbadian||
belarus|belarusian||
belgium|belgian||
belize|belizean||
benin|beninese|-|
bhutan|bhutanese|-|
bolivia|bolivian||
bosnia|bosnian||
botswana|botswanan||
brazil|brazilian||
brunei|bruneian||
bulgaria|bulgarian||
burkina faso|burkinabe|-|
burundi|burundian||
cambodia|cambodian||
cameroon|cameroonian||
canada|canadian||
cape verde|cape verdean||
central african republic|central african||
chad|chadian||
chile|chilean||
china|chinese|-|
colombia|colombian||
comoros|comorian||
congo|congolese|-|
costa rica|costa rican||
croatia|croatian|croat|
cuba|cuban||
cyprus|cypriot||
czechia|czech||
czech republic|czech||
denmark|danish|dane|
djibouti|djiboutian||
dominica|dominican||
dominican republic|dominican||
ecuador|ecuadorian||
egypt|egyptian||
el salvador|salvadoran||
england|english|-|
equatorial guinea|equatoguinean||
eritrea|eritrean||
estonia|estonian||
eswatini|swazi||
ethiopia|ethiopian||
fiji|fijian||
finland|finnish|finn|
france|french|-|
gabon|gabonese|-|
gambia|gambian||
georgia|georgian||
germany|german||
ghana|ghanaian||
greece|greek||
grenada|grenadian||
guatemala|guatemalan||
guinea|guinean||
guyana|guyanese|-|
haiti|haitian||
honduras|honduran||
hungary|hungarian||
iceland|icelandic|icelander|
india|indian||
indonesia|indonesian||
iran|iranian||
iraq|iraqi||
ireland|irish|-|
israel|israeli||
italy|italian||
ivory coast|ivorian||
jamaica|jamaican||
japan|japanese|-|
jordan|jordanian||
kazakhstan|kazakh||
kenya|kenyan||
kosovo|kosovar||
kuwait|kuwaiti||
kyrgyzstan|kyrgyz|-|
laos|laotian||
latvia|latvian||
lebanon|lebanese|-|
lesotho|basotho|-|
liberia|liberian||
libya|libyan||
liechtenstein|liechtensteiner||
lithuania|lithuanian||
luxembourg|luxembourgish|luxembourger|
madagascar|malagasy|-|
malawi|malawian||
malaysia|malaysian||
maldives|maldivian||
mali|malian||
malta|maltese|-|
mauritania|mauritanian||
mauritius|mauritian||
mexico|mexican||
moldova|moldovan||
monaco|monegasque||
mongolia|mongolian||
montenegro|montenegrin||
morocco|moroccan||
mozambique|mozambican||
myanmar|burmese|-|
burma|burmese|-|
namibia|namibian||
nepal|nepali||
netherlands|dutch|-|
holland|dutch|-|
new zealand|new zealand|new zealander|
nicaragua|nicaraguan||
niger|nigerien||
nigeria|nigerian||
north korea|north korean||
north macedonia|macedonian||
norway|norwegian||
oman|omani||
pakistan|pakistani||
palestine|palestinian||
panama|panamanian||
papua new guinea|papua new guinean||
paraguay|paraguayan||
peru|peruvian||
philippines|filipino||
poland|polish|-|
portugal|portuguese|-|
puerto rico|puerto rican||
qatar|qatari||
romania|romanian||
russia|russian||
rwanda|rwandan||
samoa|samoan||
saudi arabia|saudi||
scotland|scottish|scot|
senegal|senegalese|-|
serbia|serbian|serb|
sierra leone|sierra leonean||
singapore|singaporean||
slovakia|slovak||
slovenia|slovenian|slovene|
somalia|somali||
south africa|south african||
south korea|south korean||
korea|korean||
south sudan|south sudanese|-|
spain|spanish|spaniard|
sri lanka|sri lankan||
sudan|sudanese|-|
suriname|surinamese|-|
sweden|swedish|swede|
switzerland|swiss|-|
syria|syrian||
taiwan|taiwanese|-|
tajikistan|tajik||
tanzania|tanzanian||
thailand|thai||
tibet|tibetan||
togo|togolese|-|
tonga|tongan||
trinidad|trinidadian||
tunisia|tunisian||
turkey|turkish|turk|
turkmenistan|turkmen|-|
uganda|ugandan||
ukraine|ukrainian||
united arab emirates|emirati||
united kingdom|british|briton|
united states|american||
uruguay|uruguayan||
uzbekistan|uzbek||
vanuatu|ni-vanuatu|-|
venezuela|venezuelan||
vietnam|vietnamese|-|
wales|welsh|-|
yemen|yemeni||
zambia|zambian||
zimbabwe|zimbabwean||
`;

export interface Demonym {
  /** Lower case, as the guards compare words. */
  country: string;
  adjective: string;
  /** The nouns for one person and for many; empty when English says "<adjective> people". */
  singular: string;
  plural: string;
}

export const DEMONYMS: readonly Demonym[] = TABLE.trim()
  .split('\n')
  .map((line) => {
    const [country = '', adjective = '', one = '', many = ''] = line.split('|');
    const singular = one === '-' ? '' : one || adjective;
    const plural = one === '-' ? '' : many || `${singular}s`;
    return { country, adjective, singular, plural };
  });
