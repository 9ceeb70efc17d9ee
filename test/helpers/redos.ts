import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { check, type Diagnostics } from 'recheck';

// The native recheck backend when installed, else the pure-JS one.
const nativeInstalled = (() => {
  try {
    const require = createRequire(import.meta.url);
    return existsSync(require.resolve(`recheck-${process.platform}-${process.arch}/package.json`));
  } catch {
    return false;
  }
})();
if (!nativeInstalled) process.env.RECHECK_BACKEND = 'pure';

/**
 * recheck's verdict on one regular expression. The automaton checker proves safety by analysis,
 * usually in milliseconds; when it cannot decide in 2 s (a look-around, a large alternation) the
 * fuzz checker decides. recheck's own 'auto' mode can pick the fuzz checker first, whose verdict
 * depends on timing and times out on a loaded machine. A 'vulnerable' verdict from either fails.
 */
export async function redosVerdict(re: RegExp): Promise<Diagnostics> {
  const proof = await check(re.source, re.flags, { checker: 'automaton', timeout: 2_000 });
  if (proof.status !== 'unknown') return proof;
  // The fuzz checker answers 'unknown' when its time runs out, which a loaded machine makes likely
  // (two patterns needed more than 10 s at a load of 9): give it most of the test's 90 s.
  // Its incubation and attack phases also stop a match after 250 ms / 1 s of wall-clock time and read
  // the stop as slow matching: at a load of 5 six safe patterns came out 'vulnerable'. Without those
  // timers the phases are bounded by their step budgets (characters read by recheck's VM) alone,
  // and with the fixed random seed the verdict no longer depends on the machine's load.
  return check(re.source, re.flags, {
    checker: 'fuzz',
    timeout: 60_000,
    incubationTimeout: null,
    attackTimeout: null,
  });
}
