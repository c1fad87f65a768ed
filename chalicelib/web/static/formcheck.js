// The report form's proof of work, run as a worker so the page never waits on it
// (chalicelib/domain/challenges.py): given {challenge, difficulty}, answers with a nonce such that
// SHA-256(challenge + nonce) starts with `difficulty` zero bits. SHA-256 is written out here:
// crypto.subtle answers each hash with a promise, many times slower for tens of thousands of tiny inputs.
"use strict";

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const INITIAL = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

const rotate = (x, n) => (x >>> n) | (x << (32 - n));

// SHA-256's compression of one 64-byte block, loaded big-endian into w[0..15], into state.
function compress(state, w) {
  for (let i = 16; i < 64; i++) {
    const s0 = rotate(w[i - 15], 7) ^ rotate(w[i - 15], 18) ^ (w[i - 15] >>> 3);
    const s1 = rotate(w[i - 2], 17) ^ rotate(w[i - 2], 19) ^ (w[i - 2] >>> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  let a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6], h = state[7];
  for (let i = 0; i < 64; i++) {
    const t1 = (h + (rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
    const t2 = ((rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
  }
  state[0] += a; state[1] += b; state[2] += c; state[3] += d;
  state[4] += e; state[5] += f; state[6] += g; state[7] += h;
}

function load(w, bytes, offset) {
  for (let i = 0; i < 16; i++, offset += 4) {
    w[i] = (bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3];
  }
}

function leadingZeroBits(words) {
  let bits = 0;
  for (const word of words) {
    bits += Math.clz32(word);
    if (word !== 0) break;
  }
  return bits;
}

// Counts nonces up from 0. The challenge's whole blocks are hashed once; each try hashes only
// the rest of it, its digits and the padding.
function solve(challenge, difficulty) {
  const prefix = new TextEncoder().encode(challenge);
  const whole = Math.floor(prefix.length / 64) * 64;
  const start = Uint32Array.from(INITIAL);
  const w = new Uint32Array(64);
  for (let offset = 0; offset < whole; offset += 64) {
    load(w, prefix, offset);
    compress(start, w);
  }
  const rest = prefix.subarray(whole);
  const tail = new Uint8Array(128);
  const state = new Uint32Array(8);
  for (let nonce = 0; ; nonce++) {
    const digits = String(nonce);
    const length = rest.length + digits.length;
    const end = length + 9 <= 64 ? 64 : 128;
    const bits = (prefix.length + digits.length) * 8;
    tail.fill(0);
    tail.set(rest);
    for (let i = 0; i < digits.length; i++) tail[rest.length + i] = digits.charCodeAt(i);
    tail[length] = 0x80;
    tail[end - 4] = bits >>> 24;
    tail[end - 3] = (bits >>> 16) & 255;
    tail[end - 2] = (bits >>> 8) & 255;
    tail[end - 1] = bits & 255;
    state.set(start);
    for (let offset = 0; offset < end; offset += 64) {
      load(w, tail, offset);
      compress(state, w);
    }
    if (leadingZeroBits(state) >= difficulty) return digits;
  }
}

self.onmessage = (event) => {
  self.postMessage(solve(event.data.challenge, event.data.difficulty));
};
