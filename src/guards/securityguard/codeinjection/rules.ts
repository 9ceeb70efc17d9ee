import type { Severity } from '../../contract.js';

/** One code-injection rule: a bounded pattern, the attack class and the severity of a live payload. */
export interface InjectionRule {
  id: string;
  category:
    | 'sql_injection'
    | 'xss'
    | 'shell_injection'
    | 'path_traversal'
    | 'ssrf'
    | 'template_injection'
    | 'ldap_injection'
    | 'xxe'
    | 'nosql_injection'
    | 'prototype_pollution';
  pattern: RegExp;
  severity: Severity;
  confidence: number;
  /** Must also match within the 300 characters before the hit on the same line. */
  before?: RegExp;
}

const DANGEROUS_CMD =
  '(?:rm\\s{1,3}-[a-z]{0,3}[rf][a-z]{0,3}|cat\\s{1,3}/etc/(?:passwd|shadow)|wget\\s|curl\\s|nc\\s|ncat\\s|netcat\\s|bash\\s{1,3}-[ci]|sh\\s{1,3}-c|chmod\\s{1,3}[0-7+]|chown\\s|python[23]?\\s{1,3}-c|perl\\s{1,3}-e|ruby\\s{1,3}-e|php\\s{1,3}-r|powershell|whoami\\b|id\\b|uname\\b|mkfifo\\s|telnet\\s|/bin/(?:ba|z)?sh\\b|shutdown\\b|reboot\\b|kill\\s{1,3}-9|dd\\s{1,3}if=|mkfs|base64\\s{1,3}-d|eval\\s|exec\\s|sudo\\s|ping\\s{1,3}-c|nslookup\\s|env\\b|echo\\s[^;|&\\n`$]{0,60}>\\s{0,2}/)';

export const INJECTION_RULES: readonly InjectionRule[] = [
  // SQL injection.
  {
    id: 'sql-tautology',
    category: 'sql_injection',
    pattern:
      /['"`]\s{0,3}\)?\s{0,3}(?:or|\|\|)\s{1,3}(?:\(?\s{0,2}['"]?[\w]{1,12}['"]?\s{0,3}(?:=|<>|!=|>=|<=|\blike\b)\s{0,3}['"]?[\w]{1,12}|true\b|1\b|not\s{1,3}false\b)/gi,
    severity: 'high',
    confidence: 0.9,
  },
  {
    id: 'sql-bare-tautology',
    category: 'sql_injection',
    pattern: /\bor\s{1,3}(\d{1,4})\s{0,3}=\s{0,3}\1\b/gi,
    severity: 'medium',
    confidence: 0.7,
  },
  {
    id: 'sql-union-select',
    category: 'sql_injection',
    pattern: /\bunion(?:\s{1,5}|\/\*[^*]{0,20}\*\/|\+)(?:all(?:\s{1,5}|\+))?select\b/gi,
    severity: 'high',
    confidence: 0.9,
  },
  {
    id: 'sql-stacked-query',
    category: 'sql_injection',
    pattern:
      /;\s{0,3}(?:drop\s{1,5}(?:table|database|schema|user)|delete\s{1,5}from|truncate\s{1,5}table|insert\s{1,5}into|update\s{1,5}\w{1,64}\s{1,5}set|alter\s{1,5}table|exec(?:ute)?\s{1,5}(?:xp_|sp_)|shutdown\b|grant\s{1,5}all)/gi,
    severity: 'high',
    confidence: 0.9,
  },
  {
    id: 'sql-comment-terminator',
    category: 'sql_injection',
    pattern: /\w['"]\s{0,2}\)?\s{0,2}(?:--|#|\/\*)(?=\s|$)/gm,
    severity: 'medium',
    confidence: 0.65,
  },
  {
    id: 'sql-timing-or-file',
    category: 'sql_injection',
    pattern:
      /\b(?:sleep\s{0,2}\(\s{0,2}\d|benchmark\s{0,2}\(\s{0,2}\d|waitfor\s{1,3}delay\s{1,3}'|pg_sleep\s{0,2}\(|load_file\s{0,2}\(|into\s{1,3}(?:out|dump)file\b|xp_cmdshell\b|information_schema\.(?:tables|columns)\b)/gi,
    severity: 'high',
    confidence: 0.85,
  },
  // Cross-site scripting.
  {
    id: 'xss-script-tag',
    category: 'xss',
    pattern: /<script\b[^<>]{0,200}>|<\/script\s{0,3}>/gi,
    severity: 'high',
    confidence: 0.95,
  },
  {
    id: 'xss-event-handler',
    category: 'xss',
    pattern: /<[a-z][a-z0-9-]{0,20}\b[^<>]{0,300}?[\s/"']on[a-z]{3,25}\s{0,3}=/gi,
    severity: 'high',
    confidence: 0.9,
  },
  {
    id: 'xss-javascript-uri',
    category: 'xss',
    pattern:
      /\b(?:href|src|action|formaction|data|xlink:href|background)\s{0,3}=\s{0,3}["']?\s{0,3}(?:javascript|vbscript|data:text\/html)\s{0,3}:/gi,
    severity: 'high',
    confidence: 0.9,
  },
  {
    id: 'xss-iframe-srcdoc',
    category: 'xss',
    pattern: /<iframe\b[^<>]{0,300}?\bsrcdoc\s{0,3}=/gi,
    severity: 'high',
    confidence: 0.9,
  },
  {
    id: 'xss-js-call',
    category: 'xss',
    pattern: /\bjavascript:\s{0,3}(?:alert|eval|prompt|confirm|fetch|document\.|window\.|location)/gi,
    severity: 'high',
    confidence: 0.85,
  },
  {
    id: 'xss-dangerous-tag',
    category: 'xss',
    pattern: /<(?:object|embed|base|meta\s{1,3}http-equiv)\b[^<>]{0,200}>/gi,
    severity: 'medium',
    confidence: 0.6,
  },
  // Shell command injection.
  {
    id: 'shell-chained-command',
    category: 'shell_injection',
    pattern: new RegExp(`(?:;|\\|\\|?|&&|\\$\\(|\`)\\s{0,3}${DANGEROUS_CMD}`, 'gi'),
    severity: 'high',
    confidence: 0.85,
  },
  {
    id: 'shell-reverse-shell',
    category: 'shell_injection',
    pattern:
      /(?:\/dev\/(?:tcp|udp)\/[\w.-]{1,253}\/\d{1,5}|\bnc(?:at)?\s{1,3}(?:-[a-z]{1,4}\s{1,3}){0,3}[\w.-]{1,253}\s{1,3}\d{1,5}\s{1,3}-[ec]\s|\bmkfifo\s{1,3}\/tmp\/|\bos\.dup2\(\s{0,3}[\w.]{1,40}\.fileno\(\)|\bexec:['"]?(?:\/bin\/)?(?:ba|z)?sh\b)/gi,
    severity: 'critical',
    confidence: 0.95,
  },
  {
    id: 'shell-download-execute',
    category: 'shell_injection',
    // The pipe into a shell is matched; a curl/wget earlier on the same line is checked in code.
    pattern: /\|\s{0,3}(?:sudo\s{1,3})?(?:ba|z|da)?sh\b/gi,
    before: /\b(?:curl|wget)\s/i,
    severity: 'medium',
    confidence: 0.75,
  },
  {
    id: 'shell-destructive',
    category: 'shell_injection',
    pattern:
      /\brm\s{1,3}-[a-z]{0,3}[rf][a-z]{0,3}\s{1,3}(?:\/|~|\*|\$HOME)(?=\s|$|["'`;])|:\(\)\s{0,2}\{\s{0,2}:\|:&\s{0,2}\};:/g,
    severity: 'medium',
    confidence: 0.7,
  },
  // Path traversal.
  {
    id: 'path-traversal',
    category: 'path_traversal',
    pattern: /(?:\.\.[/\\]){2,}|(?:%2e%2e|%252e%252e|\.\.%2f|\.\.%5c|%2e%2e%2f|%c0%ae%c0%ae)/gi,
    severity: 'high',
    confidence: 0.85,
  },
  {
    id: 'sensitive-file',
    category: 'path_traversal',
    pattern:
      /(?:\/etc\/(?:passwd|shadow|sudoers|hosts)\b|\/proc\/self\/environ|[a-z]:\\windows\\(?:system32|win\.ini)|\\\\windows\\\\win\.ini|\.ssh\/id_rsa\b|\.aws\/credentials\b)/gi,
    severity: 'high',
    confidence: 0.8,
  },
  // Server-side request forgery targets.
  {
    id: 'ssrf-metadata',
    category: 'ssrf',
    pattern:
      /\b(?:169\.254\.169\.254|169\.254\.170\.2|100\.100\.100\.200|metadata\.google\.internal|metadata\.azure\.com|fd00:ec2::254)\b/gi,
    severity: 'high',
    confidence: 0.95,
  },
  {
    id: 'ssrf-scheme',
    category: 'ssrf',
    pattern: /\b(?:gopher|dict|ldap|tftp|jar|netdoc):\/\/|\bfile:\/\/\//gi,
    severity: 'high',
    confidence: 0.85,
  },
  {
    id: 'ssrf-loopback',
    category: 'ssrf',
    pattern:
      /\b(?:https?|ftp):\/\/(?:[^\s/@]{1,64}@)?(?:localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|0\.0\.0\.0|\[::1?\]|\[::ffff:127\.0\.0\.1\]|0x7f[0-9a-f]{0,6}|2130706433|0177\.\d{1,4})(?=[:/\s"'>]|$)/gi,
    severity: 'medium',
    confidence: 0.6,
  },
  // Template injection.
  {
    id: 'ssti-arithmetic',
    category: 'template_injection',
    pattern: /(?:\{\{|\$\{|#\{|<%=?|\{%)\s{0,3}\d{1,5}\s{0,3}[*+]\s{0,3}\d{1,5}\s{0,3}(?:\}\}|\}|%>|%\})/g,
    severity: 'high',
    confidence: 0.85,
  },
  {
    id: 'ssti-objects',
    category: 'template_injection',
    pattern:
      /\{\{[^{}]{0,40}\b(?:config|self|request|settings|lipsum|cycler|joiner|namespace|url_for|get_flashed_messages)\b[^{}]{0,120}\}\}|__(?:class|mro|subclasses|globals|builtins|import|init)__|\$\{\s{0,3}(?:jndi:|\$\{)|<%=?[^%<]{0,120}\b(?:system|exec|eval|popen|Runtime|IO\.popen|File\.read)\b[^%<]{0,120}%>|\bT\(java\.lang\.Runtime\)/g,
    severity: 'high',
    confidence: 0.9,
  },
  // LDAP injection.
  {
    id: 'ldap-filter',
    category: 'ldap_injection',
    pattern:
      /\*\)\s{0,3}\(\s{0,3}[|&!]?\s{0,3}\(?\s{0,3}[a-z]{1,20}\s{0,3}=|\)\s{0,3}\(\s{0,3}[|&]\s{0,3}\(\s{0,3}[a-z]{1,20}\s{0,3}=\s{0,3}\*/gi,
    severity: 'high',
    confidence: 0.85,
  },
  // XML external entities.
  {
    id: 'xxe-entity',
    category: 'xxe',
    pattern: /<!ENTITY\s{1,5}(?:%\s{1,5})?[\w.-]{1,60}\s{1,5}(?:SYSTEM|PUBLIC)\s{1,5}["']/gi,
    severity: 'high',
    confidence: 0.95,
  },
  {
    id: 'xxe-doctype',
    category: 'xxe',
    pattern: /<!DOCTYPE\s{1,5}[\w:-]{1,60}\s{0,5}\[/gi,
    severity: 'medium',
    confidence: 0.6,
  },
  // NoSQL operators in JSON or query strings.
  {
    id: 'nosql-where',
    category: 'nosql_injection',
    pattern: /["']?\$(?:where|function|accumulator)["']?\s{0,3}:/g,
    severity: 'high',
    confidence: 0.9,
  },
  {
    id: 'nosql-operator',
    category: 'nosql_injection',
    pattern:
      /(?:["']\$(?:ne|gt|gte|lt|lte|regex|nin|in|exists|expr|or|and|not)["']\s{0,3}:|\[\$(?:ne|gt|gte|lt|lte|regex|nin|in|exists)\]\s{0,3}=)/g,
    severity: 'medium',
    confidence: 0.75,
  },
  // Prototype pollution.
  {
    id: 'prototype-pollution',
    category: 'prototype_pollution',
    pattern:
      /(?:["']__proto__["']\s{0,3}:|\[\s{0,3}["']?__proto__["']?\s{0,3}\]|__proto__\s{0,3}(?:\.|\[|=)|\bconstructor\s{0,3}(?:\.|\[\s{0,3}["'])\s{0,3}prototype\b)/g,
    severity: 'high',
    confidence: 0.85,
  },
];
