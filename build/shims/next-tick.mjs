// `process-nextick-args`, which mqtt-packet uses to uncork a stream after writing a packet.
export { nextTick } from './process.mjs';
