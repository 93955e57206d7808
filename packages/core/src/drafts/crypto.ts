/**
 * AES-GCM encryption of draft payloads with WebCrypto. The key is non-extractable: script on the page
 * can use it but never read it, and it is stored in IndexedDB as a `CryptoKey`, not as bytes. The
 * record's slot (form id, user id, draft id) is bound in as additional data, so a ciphertext copied
 * into another user's slot does not decrypt.
 */

const te = new TextEncoder();
const td = new TextDecoder();

export async function generateDraftKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

function aad(slot: readonly string[]): Uint8Array<ArrayBuffer> {
  return te.encode(slot.join('\u0000'));
}

export async function encryptJson(key: CryptoKey, value: unknown, slot: readonly string[]): Promise<{ iv: Uint8Array<ArrayBuffer>; ciphertext: ArrayBuffer }> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const plaintext = te.encode(JSON.stringify(value));
  const ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad(slot) }, key, plaintext);
  return { iv, ciphertext };
}

/** Decrypts and parses; throws on a wrong key, a changed slot or tampered bytes (GCM's tag fails). */
export async function decryptJson(key: CryptoKey, iv: Uint8Array<ArrayBuffer>, ciphertext: ArrayBuffer, slot: readonly string[]): Promise<unknown> {
  const plaintext = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: new Uint8Array(iv), additionalData: aad(slot) }, key, ciphertext);
  return JSON.parse(td.decode(plaintext));
}
