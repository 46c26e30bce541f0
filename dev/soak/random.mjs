// A seeded random source for the faults (mulberry32), so that a run can be repeated with its seed.

/** Returns `{ next(), between(min, max) }`; `next()` is uniform in [0, 1). */
export function seededRandom(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return { next, between: (min, max) => min + (max - min) * next() };
}
