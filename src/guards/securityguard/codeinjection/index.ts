export {
  CODE_INJECTION_PATTERNS,
  type CodeInjectionHit,
  codeInjectionDetector,
  detectCodeInjection,
  FRAMING_PATTERNS,
} from './detect.js';
export { INJECTION_RULES, type InjectionRule } from './rules.js';
