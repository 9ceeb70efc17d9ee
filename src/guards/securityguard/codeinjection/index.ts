export {
  CODE_INJECTION_PATTERNS,
  type CodeInjectionHit,
  codeInjectionDetector,
  detectCodeInjection,
} from './detect.js';
export { INJECTION_RULES, type InjectionRule } from './rules.js';
