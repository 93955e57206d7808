/**
 * Envelope encryption at the database boundary: AES-256-GCM, a fresh 96-bit IV for every value, and
 * the row it belongs to as additional data (`records.payload_enc:<id>`), so a ciphertext copied onto
 * another row or column does not open. Stored as `sf1.<key id>.<iv>.<ciphertext+tag>` (base64url).
 *
 * Blind indexes: HMAC-SHA-256 under the separate index key of a normalised value, for the look-ups
 * that must find a row without the plaintext (a username, later a surname + postcode).
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { KeyRing } from './keys.js';

export class Sealer {
  constructor(readonly ring: KeyRing) {}

  seal(plaintext: string, aad: string): string {
    const key = this.ring.keys.get(this.ring.currentId)!;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `sf1.${this.ring.currentId}.${iv.toString('base64url')}.${body.toString('base64url')}`;
  }

  open(sealed: string, aad: string): string {
    const [version, keyId, iv, body] = sealed.split('.');
    if (version !== 'sf1' || !keyId || !iv || !body) throw new Error('not a sealed value');
    const key = this.ring.keys.get(keyId);
    if (!key) throw new Error(`no data key ${keyId} in the key ring`);
    const bytes = Buffer.from(body, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString('utf8');
  }

  sealJson(value: unknown, aad: string): string {
    return this.seal(JSON.stringify(value), aad);
  }

  openJson<T>(sealed: string, aad: string): T {
    return JSON.parse(this.open(sealed, aad)) as T;
  }

  /** The key id a sealed value was made with. */
  static keyIdOf(sealed: string): string {
    return sealed.split('.')[1] ?? '';
  }

  /** Keyed blind index of a value, normalised (NFKC, case-folded, spaces collapsed) and scoped by purpose. */
  index(purpose: string, value: string): string {
    const normal = value.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
    return createHmac('sha256', this.ring.indexKey).update(`${purpose}\0${normal}`).digest('base64url');
  }
}

/** The additional data binding a sealed value to its table, column and row. */
export const aad = (table: string, column: string, id: string) => `${table}.${column}:${id}`;
