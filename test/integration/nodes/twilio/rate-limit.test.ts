// Pacing and 429s: N messages at R per second take at least (N−1)/R seconds (measured loosely on
// the run and on the arrival times the fake recorded), and a 429 (code 20429) is re-sent after
// the Retry-After Twilio asked for, until the tries run out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sms, startTwilioEnv } from './setup.ts';
import type { TwilioEnv } from './setup.ts';

let env: TwilioEnv;
beforeAll(async () => {
  env = await startTwilioEnv();
});
afterAll(() => env?.close());

const creates = (from: number) => env.fake.requests.slice(from).filter((r) => r.method === 'POST');
const phones = (n: number) => Array.from({ length: n }, (_, i) => ({ phone: `+1514555${String(200 + i).padStart(4, '0')}` }));

describe('Twilio: messages per second', () => {
  it('5 messages at 4/s take at least 1 s, arriving in order', async () => {
    const before = env.fake.requests.length;
    const { json, ms, error } = await env.run(sms('={{ $json.phone }}', 'Bulk notice', { options: { messagesPerSecond: 4 } }), { input: phones(5) });
    expect(error).toBeUndefined();
    expect(json).toHaveLength(5);
    expect(ms).toBeGreaterThanOrEqual(1000);
    // The pacer spaces the sends; arrival times at the fake can bunch up when one request is held up
    // in transit (a busy machine), so only the run time is a firm bound.
    const sent = creates(before);
    expect(sent).toHaveLength(5);
    expect(sent.map((r) => r.form.To)).toEqual(phones(5).map((p) => p.phone));
  });

  it('0 means no limit: the same 5 messages go out much faster', async () => {
    const before = env.fake.requests.length;
    const { ms } = await env.run(sms('={{ $json.phone }}', 'Bulk notice', { options: { messagesPerSecond: 0 } }), { input: phones(5) });
    const at = creates(before).map((r) => r.at);
    expect(at).toHaveLength(5);
    expect(at[4] - at[0]).toBeLessThan(500);
    expect(ms).toBeLessThan(1000);
  });

  it('a negative rate is refused', async () => {
    const { error } = await env.run(sms('+15145550100', 'x', { options: { messagesPerSecond: -1 } }));
    expect(error?.message).toMatch(/"Messages per Second" must be a number of 0 or more/);
  });
});

describe('Twilio: 429 Too Many Requests', () => {
  it('waits the Retry-After, sends again, and the message goes out', async () => {
    env.fake.rateLimit(1, 1);
    const before = env.fake.requests.length;
    const { json, error, record } = await env.run(sms('+15145550300', 'After the limit'));
    expect(error).toBeUndefined();
    expect(json[0]).toMatchObject({ to: '+15145550300', status: 'queued' });
    const tries = creates(before);
    expect(tries.map((r) => r.status)).toEqual([429, 201]);
    expect(tries[1].at - tries[0].at).toBeGreaterThanOrEqual(950);
    const logs = record.runData.Twilio[0].logs ?? [];
    expect(logs.map((l) => l.message)).toEqual([expect.stringMatching(/^Twilio rate limited POST \/2010-04-01\/Accounts\/AC\w+\/Messages\.json \(429\); try 2 in 1000 ms$/)]);
  });

  it('gives up after 4 tries with error 20429 saying so', async () => {
    env.fake.rateLimit(4, 0);
    const before = env.fake.requests.length;
    const { error } = await env.run(sms('+15145550301', 'Never'));
    expect(creates(before).map((r) => r.status)).toEqual([429, 429, 429, 429]);
    expect(error?.message).toBe('Could not send the SMS to +15145550301 (item 0): Twilio error 20429 (too many requests) — Too Many Requests');
    expect(error?.description).toMatch(/Lower "Messages per Second".*Gave up after 4 tries\./);
    expect(error?.httpCode).toBe('429');
  });
});
