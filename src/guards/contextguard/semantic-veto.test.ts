import { describe, expect, it } from 'vitest';
import { chatRegister, vetoPointFor } from './semantic-veto.js';

describe('the semantic veto point of a session', () => {
  const CHAT = [
    'Our Kubernetes pods restart with CrashLoopBackOff after the last deploy.',
    "How do I read the previous container's logs?",
  ];
  const REPORT = ['The company reported revenue of 4 billion dollars.', 'Its margins fell by two points.'];

  it('reads a session in the user voice (first person or questions) as a chat', () => {
    expect(chatRegister(CHAT, 'Should I raise the memory limit?')).toBe(true);
    expect(chatRegister(REPORT, 'Analysts expect growth next year.')).toBe(false);
    // "US" and "ME" are places, not the speaker.
    expect(chatRegister(['US exports rose in May.', 'The ME region grew.'], 'Sales fell.')).toBe(false);
    // Half is enough: one statement among questions stays a chat.
    expect(chatRegister([REPORT[0] ?? ''], 'Why did revenue grow?')).toBe(true);
  });

  it('takes the chat point in a chat, never above the document point', () => {
    const points = { vetoAbove: 0.5, vetoChatAbove: 0.4 };
    expect(vetoPointFor(points, CHAT, 'Should I raise the memory limit?')).toBe(0.4);
    expect(vetoPointFor(points, REPORT, 'Analysts expect growth next year.')).toBe(0.5);
    expect(vetoPointFor({ vetoAbove: 0.5, vetoChatAbove: null }, CHAT, 'Why?')).toBe(0.5);
    expect(vetoPointFor({ vetoAbove: 0.5, vetoChatAbove: 0.6 }, CHAT, 'Why?')).toBe(0.5);
    expect(vetoPointFor({ vetoAbove: null, vetoChatAbove: 0.4 }, CHAT, 'Why?')).toBeNull();
  });
});
