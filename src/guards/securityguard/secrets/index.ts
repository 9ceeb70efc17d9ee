export {
  detectSecrets,
  SECRET_AUX_PATTERNS,
  SECRET_PATTERNS,
  type SecretMatch,
  secretsDetector,
} from './detect.js';
export {
  ENTROPY_AUX_PATTERNS,
  isDocExample,
  isPlaceholder,
  maskSecret,
  PLACEHOLDER_PATTERN,
  shannonEntropy,
} from './entropy.js';
export { SECRET_RULES, type SecretRule } from './rules.js';
