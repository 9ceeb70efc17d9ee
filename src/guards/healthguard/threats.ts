import type { Capabilities } from '../capabilities.js';

/**
 * What HealthGuard asks of a text-threat scanner: a risk score and the kinds of threat found
 * (`injection`, `secret`, `pii`, `hidden_text`). SecurityGuard provides it through the registry.
 */
export type TextThreatScanner = Capabilities['threatScanner'];
