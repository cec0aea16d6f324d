// One-time codes through real runs: Generate sends the code by SMS (the fake receives it) and
// returns only a challenge id; the database never holds the code (the SQLite file and its WAL are
// scanned); Verify answers ok / wrong_code / expired / too_many_attempts / unknown_challenge as
// data; challenges are shared by separate runs and survive a host restart on the same data folder.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeTwilio } from '../../../fakes/twilio/index.ts';
import type { FakeTwilio } from '../../../fakes/twilio/index.ts';
import { FROM, startTwilioEnv } from './setup.ts';
import type { TwilioEnv } from './setup.ts';

let fake: FakeTwilio;
let env: TwilioEnv;
beforeAll(async () => {
  fake = await startFakeTwilio();
  env = await startTwilioEnv({ fake });
});
afterAll(async () => {
  await env?.close({ keepFake: true });
  await fake?.close();
});

const generate = (extra: INodeParameters = {}): INodeParameters => ({ operation: 'generateOtp', to: '+15145550140', from: FROM, messageTemplate: 'Gigafibre: votre code est {{code}} (valide {{minutes}} min).', ...extra });
const verify = (challengeId: string, code: string): INodeParameters => ({ operation: 'verifyOtp', challengeId, code });

/** Generates a challenge and reads the code from the SMS the fake received. */
async function challenge(e: TwilioEnv, extra: INodeParameters = {}): Promise<{ id: string; code: string; json: IDataObject; body: string }> {
  const before = fake.messages.length;
  const { json, error } = await e.run(generate(extra));
  expect(error).toBeUndefined();
  const sent = fake.messages.slice(before);
  expect(sent).toHaveLength(1);
  const body = String(sent[0].form.Body);
  const code = /code est (\d+)/.exec(body)![1];
  return { id: String(json[0].challengeId), code, json: json[0], body };
}

const check = async (e: TwilioEnv, id: string, code: string) => (await e.run(verify(id, code))).json[0];

/** Live OTP challenges, read from the database file by a second (read-only) connection. */
function challengeRows(dataDir: string): number {
  const db = new DatabaseSync(join(dataDir, 'gigaflow.sqlite'), { readOnly: true });
  try {
    return Number(db.prepare("SELECT count(*) AS n FROM node_kv WHERE namespace = 'n8n-nodes-gigafibre.twilio' AND key LIKE 'otp:%'").get()!.n);
  } finally {
    db.close();
  }
}

/** Every byte SQLite holds for the host: the database file and its write-ahead log. */
function databaseBytes(dataDir: string): Buffer {
  const file = join(dataDir, 'gigaflow.sqlite');
  return Buffer.concat([file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f)));
}

describe('Twilio: Generate OTP', () => {
  it('sends the code by SMS and returns a challenge id, never the code', async () => {
    const { id, code, json, body } = await challenge(env, { codeLength: 8, ttlSeconds: 600 });
    expect(code).toMatch(/^\d{8}$/);
    expect(body).toBe(`Gigafibre: votre code est ${code} (valide 10 min).`);
    expect(id).toMatch(/^otp_[A-Za-z0-9_-]{22}$/);
    expect(json).toMatchObject({ to: '+15145550140', channel: 'sms', ttlSeconds: 600, maxAttempts: 3, messageStatus: 'queued' });
    expect(String(json.messageSid)).toMatch(/^SM/);
    expect(Date.parse(String(json.expiresAt)) - Date.now()).toBeGreaterThan(590_000);
    expect(JSON.stringify(json)).not.toContain(code);
  });

  it('the stored data (challenge, execution run data) holds no plaintext code', async () => {
    const { id, code } = await challenge(env, { codeLength: 10 });
    await env.t.host.storage.executions.list({});
    const bytes = databaseBytes(env.t.dataDir);
    // The scan sees what was written: the challenge id is there, the code is not.
    expect(bytes.includes(id)).toBe(true);
    expect(bytes.includes(code)).toBe(false);
    expect(bytes.includes(`code est ${code}`)).toBe(false);
    const row = await env.t.host.storage.keyValue.get('n8n-nodes-gigafibre.twilio', `otp:${id}`);
    expect(row).toMatchObject({ to: '+15145550140', attempts: 0, maxAttempts: 3 });
    expect(JSON.stringify(row)).not.toContain(code);
    expect((row as IDataObject).digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a template without {{code}} is refused before anything is sent', async () => {
    const before = fake.requests.length;
    const { error } = await env.run(generate({ messageTemplate: 'Votre code arrive' }));
    expect(error?.message).toBe('Item 0: "Message Template" has no {{code}}');
    expect(fake.requests.length).toBe(before);
  });

  it('when the SMS is refused, the run fails and the challenge is not kept', async () => {
    const before = challengeRows(env.t.dataDir);
    const { error } = await env.run(generate({ to: '+15005550004' }));
    expect(error?.message).toMatch(/^Could not send the SMS to \+15005550004 \(item 0\): Twilio error 21610/);
    expect(challengeRows(env.t.dataDir)).toBe(before);
    await challenge(env);
    expect(challengeRows(env.t.dataDir)).toBe(before + 1);
  });
});

describe('Twilio: Verify OTP', () => {
  it('the right code is valid once; the challenge is then consumed', async () => {
    const { id, code } = await challenge(env);
    expect(await check(env, id, code)).toEqual({ challengeId: id, valid: true, reason: 'ok', attemptsLeft: 3, to: '+15145550140' });
    expect(await check(env, id, code)).toEqual({ challengeId: id, valid: false, reason: 'unknown_challenge', attemptsLeft: 0 });
  });

  it('a wrong code uses an attempt; the right one still works within the limit', async () => {
    const { id, code } = await challenge(env);
    const wrong = code === '000000' ? '111111' : '000000';
    expect(await check(env, id, wrong)).toMatchObject({ valid: false, reason: 'wrong_code', attemptsLeft: 2 });
    expect(await check(env, id, 'abc')).toMatchObject({ valid: false, reason: 'wrong_code', attemptsLeft: 1 });
    expect(await check(env, id, code)).toMatchObject({ valid: true, reason: 'ok', attemptsLeft: 1 });
  });

  it('after Max Attempts wrong codes the challenge is locked, even for the right code', async () => {
    const { id, code } = await challenge(env, { maxAttempts: 2 });
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    expect(await check(env, id, wrong)).toMatchObject({ reason: 'wrong_code', attemptsLeft: 1 });
    expect(await check(env, id, wrong)).toMatchObject({ reason: 'wrong_code', attemptsLeft: 0 });
    expect(await check(env, id, code)).toEqual({ challengeId: id, valid: false, reason: 'too_many_attempts', attemptsLeft: 0, to: '+15145550140' });
  });

  it('after its lifetime the code is refused as expired', async () => {
    const { id, code } = await challenge(env, { ttlSeconds: 1 });
    await new Promise((r) => setTimeout(r, 1100));
    expect(await check(env, id, code)).toMatchObject({ valid: false, reason: 'expired', attemptsLeft: 3 });
  });

  it('unknown or malformed challenge ids are answered, not thrown', async () => {
    expect(await check(env, 'otp_AAAAAAAAAAAAAAAAAAAAAA', '123456')).toMatchObject({ valid: false, reason: 'unknown_challenge' });
    expect(await check(env, "'; DROP TABLE node_kv; --", '123456')).toMatchObject({ valid: false, reason: 'unknown_challenge' });
  });

  it('verifications in concurrent runs cannot use more attempts than allowed', async () => {
    const { id, code } = await challenge(env, { maxAttempts: 3 });
    const wrong = code === '999999' ? '888888' : '999999';
    const results = await Promise.all(Array.from({ length: 6 }, () => check(env, id, wrong)));
    expect(results.filter((r) => r.reason === 'wrong_code').map((r) => r.attemptsLeft).sort()).toEqual([0, 1, 2]);
    expect(results.filter((r) => r.reason === 'too_many_attempts')).toHaveLength(3);
  });

  it('a challenge survives a host restart on the same data folder', async () => {
    const { id, code } = await challenge(env);
    const dataDir = env.t.dataDir;
    await env.close({ keepData: true, keepFake: true });
    env = await startTwilioEnv({ fake, dataDir });
    expect(env.t.dataDir).toBe(dataDir);
    expect(await check(env, id, code)).toMatchObject({ valid: true, reason: 'ok' });
  });
});
