// Renders the extension's Marketplace icon, media/icon.png (128×128), from media/ml-hygiene.svg
// (the activity-bar glyph, drawn in `currentColor`): the glyph in white on the banner's blue
// (package.json `galleryBanner.color`), in Debian's chromium through playwright-core.
//
//   node media/make-icon.mjs            writes media/icon.png
//   node media/make-icon.mjs --check    exits 1 when media/icon.png differs from a fresh rendering
//
// The PNG is committed; this script ships in the VSIX with the rest of media/ (a few KB).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const ICON_SIZE = 128;
export const ICON_PATH = join(here, 'icon.png');
const SVG_PATH = join(here, 'ml-hygiene.svg');
const CHROME = process.env.CHROME || '/usr/bin/chromium';

/** The page that draws the icon: a rounded square of the banner colour, the glyph centred on it. */
export function iconHtml(svg, background) {
  const glyph = svg.replace(/<svg /, '<svg class="glyph" ');
  return `<!doctype html><html><head><style>
  html, body { margin: 0; background: transparent; }
  .tile { width: ${ICON_SIZE}px; height: ${ICON_SIZE}px; border-radius: 24px; background: ${background};
          color: #ffffff; display: flex; align-items: center; justify-content: center; }
  .glyph { width: 96px; height: 96px; }
  </style></head><body><div class="tile">${glyph}</div></body></html>`;
}

/** The icon as PNG bytes. */
export async function renderIcon() {
  const svg = readFileSync(SVG_PATH, 'utf8');
  const manifest = JSON.parse(readFileSync(join(here, '..', 'package.json'), 'utf8'));
  const browser = await chromium.launch({ executablePath: CHROME, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: ICON_SIZE, height: ICON_SIZE }, deviceScaleFactor: 1 });
    await page.setContent(iconHtml(svg, manifest.galleryBanner.color));
    return await page.locator('.tile').screenshot({ omitBackground: true, type: 'png' });
  } finally {
    await browser.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const png = await renderIcon();
  if (process.argv.includes('--check')) {
    const same = Buffer.compare(png, readFileSync(ICON_PATH)) === 0;
    console.log(same ? 'media/icon.png is up to date' : 'media/icon.png differs from media/ml-hygiene.svg: run node media/make-icon.mjs');
    process.exitCode = same ? 0 : 1;
  } else {
    writeFileSync(ICON_PATH, png);
    console.log(`wrote ${ICON_PATH} (${png.length} bytes)`);
  }
}
