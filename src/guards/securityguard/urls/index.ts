export {
  analyzeUrls,
  createUrlsDetector,
  URL_AUX_PATTERNS,
  URL_PATTERNS,
  type UrlHit,
  type UrlPolicy,
  type UrlRisk,
  type UrlRiskKind,
  urlPolicyFromConfig,
  urlsDetector,
} from './analyze.js';
export { BRANDS, SHORTENERS, SUSPICIOUS_TLDS } from './brands.js';
