// One seed for every fuzz file: CI replays the same inputs run after run, so a red build always
// means a change broke something (not that a new random input happened to be drawn).
// Explore new inputs with FUZZ_SEED=random (or any number); a failure prints its seed and path
// to replay (fc.assert's report).
import fc from 'fast-check';

const given = process.env.FUZZ_SEED;
export const FUZZ_SEED = given === 'random' ? Date.now() ^ (Math.random() * 0x100000000) : Number(given ?? 20261126);
fc.configureGlobal({ seed: FUZZ_SEED });
