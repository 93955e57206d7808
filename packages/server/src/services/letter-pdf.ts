/**
 * A letter as a PDF: A4, one paragraph after another, wrapped to the page, in DejaVu Sans embedded as a
 * subset (the PDF standard fonts cannot encode a name beyond Latin-1: "Zoë" is fine there, "Łukasz" or
 * "Ньютон" is not). Right-to-left text is drawn in its stored order, not shaped: the printable page
 * (which the browser lays out) is the one to post for a name in Arabic or Hebrew script.
 */
import fontkit from '@pdf-lib/fontkit';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PDFDocument, rgb } from 'pdf-lib';

const require = createRequire(import.meta.url);
let font: Buffer | undefined;
const fontBytes = () => (font ??= readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')));

/** Characters that would draw nothing useful (controls, direction marks, zero-width): removed before drawing. */
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;

export async function letterPdf(paragraphs: readonly string[], title: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(title);
  doc.setCreator('safety-forms');
  doc.setProducer('safety-forms');
  const f = await doc.embedFont(fontBytes(), { subset: true });
  const size = 11;
  const leading = 15;
  const [width, height] = [595.28, 841.89];
  const margin = 64;
  const maxWidth = width - margin * 2;
  let page = doc.addPage([width, height]);
  let y = height - margin;
  const line = (text: string) => {
    if (y < margin + leading) {
      page = doc.addPage([width, height]);
      y = height - margin;
    }
    page.drawText(text, { x: margin, y, size, font: f, color: rgb(0.04, 0.05, 0.05) });
    y -= leading;
  };
  for (const paragraph of paragraphs) {
    for (const raw of paragraph.replace(INVISIBLE, (c) => (c === '\n' ? '\n' : '')).split('\n')) {
      let current = '';
      for (const word of raw.split(/\s+/).filter(Boolean)) {
        const next = current ? `${current} ${word}` : word;
        if (f.widthOfTextAtSize(next, size) <= maxWidth) {
          current = next;
          continue;
        }
        if (current) line(current);
        // A word wider than the line (a 10,000-character name): cut it by characters.
        let rest = word;
        while (f.widthOfTextAtSize(rest, size) > maxWidth) {
          const chars = Array.from(rest);
          let n = chars.length;
          while (n > 1 && f.widthOfTextAtSize(chars.slice(0, n).join(''), size) > maxWidth) n = Math.max(1, Math.floor(n * 0.8));
          line(chars.slice(0, n).join(''));
          rest = chars.slice(n).join('');
        }
        current = rest;
      }
      if (current) line(current);
    }
    y -= leading * 0.6;
  }
  return doc.save();
}
