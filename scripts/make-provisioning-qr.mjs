#!/usr/bin/env node
/**
 * Prints a signed provisioning payload (BMKP1.<body>.<signature>) for a kiosk's setup wizard:
 *
 *   node scripts/make-provisioning-qr.mjs --url embedded --hall gz-th-zwzx --code DEMO-ENROLL-2026 [--expires 2026-12-31T16:00:00Z | --hours 24] [--key scripts/provisioning/demo-private-key.pem]
 *
 * --url is the platform API address (https://…/api; http only to 127.0.0.1) or `embedded` (the
 * platform the kiosk was started with). By default it signs with the DEMO key, whose public half
 * ships in host/staff/provisioning.ts: demo and test use only. The format is described in
 * common/provisioning/payload.ts. Show the output as a QR code with any QR tool, or type it.
 */
import { createHash, createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Buffer } from 'node:buffer';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const DEFAULT_KEY = fileURLToPath(new URL('./provisioning/demo-private-key.pem', import.meta.url));

export function makePayload({ url, hall, code, expires, keyPem }) {
  const privateKey = createPrivateKey(keyPem);
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  const kid = createHash('sha256').update(Buffer.from(jwk.x, 'base64url')).digest('hex').slice(0, 16);
  const body = { v: 1, url, hall, code, exp: expires, kid };
  const signed = `BMKP1.${Buffer.from(JSON.stringify(body), 'utf8').toString('base64url')}`;
  const signature = sign(null, Buffer.from(signed, 'ascii'), privateKey);
  return `${signed}.${signature.toString('base64url')}`;
}

function main() {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      hall: { type: 'string' },
      code: { type: 'string' },
      expires: { type: 'string' },
      hours: { type: 'string' },
      key: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.url || !values.hall || !values.code) {
    process.stderr.write('usage: node scripts/make-provisioning-qr.mjs --url <https://…/api|embedded> --hall <hallId> --code <enrollment code> [--expires <RFC 3339> | --hours <n>] [--key <private key PEM>]\n');
    process.exit(values.help ? 0 : 64);
  }
  const hours = values.hours === undefined ? 24 : Number(values.hours);
  if (!Number.isFinite(hours) || hours <= 0) {
    process.stderr.write('--hours must be a positive number\n');
    process.exit(64);
  }
  const expires = values.expires ?? new Date(Date.now() + hours * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (Number.isNaN(Date.parse(expires))) {
    process.stderr.write('--expires must be an RFC 3339 date-time, e.g. 2026-12-31T16:00:00Z\n');
    process.exit(64);
  }
  const keyPath = values.key ?? DEFAULT_KEY;
  if (!values.key) process.stderr.write('Signing with the DEMO provisioning key (scripts/provisioning/demo-private-key.pem): demo and test use only.\n');
  process.stdout.write(`${makePayload({ url: values.url, hall: values.hall, code: values.code, expires, keyPem: readFileSync(keyPath, 'utf8') })}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
