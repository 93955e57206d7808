#!/usr/bin/env node
/**
 * Opens a register export (what a partner runs): `node scripts/open-register-export.mjs <file>`; it asks
 * for the passphrase agreed by telephone or in person (or reads SAFETY_EXPORT_PASSPHRASE) and prints the
 * entries as JSON. The format: scrypt (N, r, p and salt in the file) for a 256-bit key, AES-256-GCM with
 * the format name as additional data; `data` is ciphertext then the 16-byte tag, base64.
 */
import { createDecipheriv, scryptSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';

const path = process.argv[2];
if (!path) {
  console.error('usage: node scripts/open-register-export.mjs <export.sfx.json>');
  process.exit(2);
}
const file = JSON.parse(readFileSync(path, 'utf8'));
if (file.format !== 'safety-forms/register-export' || file.version !== 1) {
  console.error('not a safety-forms register export (version 1)');
  process.exit(2);
}
let passphrase = process.env.SAFETY_EXPORT_PASSPHRASE;
if (!passphrase) {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  passphrase = await rl.question('Passphrase: ');
  rl.close();
}
const { N, r, p, salt } = file.kdf;
const key = scryptSync(passphrase.normalize('NFC'), Buffer.from(salt, 'base64'), 32, { N, r, p, maxmem: 64 * 1024 * 1024 });
const body = Buffer.from(file.data, 'base64');
try {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(file.iv, 'base64'));
  decipher.setAAD(Buffer.from(file.format));
  decipher.setAuthTag(body.subarray(body.length - 16));
  process.stdout.write(Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8') + '\n');
} catch {
  console.error('wrong passphrase, or the file was changed');
  process.exit(1);
}
