import { capabilitiesOf, GUARD_MODULES } from '../../src/guards/registry.js';

/** The capabilities the registry injects (SecurityGuard's scanners), for tests that build one guard. */
const offered = capabilitiesOf(GUARD_MODULES);
if (
  !offered.injectionScorer ||
  !offered.threatScanner ||
  !offered.threatScannerModule ||
  !offered.threatScannerModels
) {
  throw new Error('the registry no longer provides the scanners these tests need');
}
export const injectionScorer = offered.injectionScorer;
export const threatScanner = offered.threatScanner;
export const threatScannerModule = offered.threatScannerModule;
export const threatScannerModels = offered.threatScannerModels;
