// The Marketplace icon is generated from the activity-bar SVG (media/make-icon.mjs, in the same
// Chromium this suite drives): the committed media/icon.png must be what the generator draws now.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const MEDIA = join(__dirname, '..', '..', 'media');

interface IconModule {
  renderIcon(): Promise<Buffer>;
  ICON_PATH: string;
}

describe('extension icon (media/make-icon.mjs in Chromium)', function () {
  this.timeout(60_000);

  it('media/icon.png is up to date with media/ml-hygiene.svg', async () => {
    const generator = (await import(pathToFileURL(join(MEDIA, 'make-icon.mjs')).href)) as IconModule;
    const fresh = await generator.renderIcon();
    const committed = readFileSync(generator.ICON_PATH);
    assert.ok(fresh.equals(committed), 'media/icon.png is stale: run `node media/make-icon.mjs` and commit it');
  });
});
