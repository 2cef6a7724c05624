// What a newcomer meets first: the Marketplace icon, the walkthrough's contributions and what the
// VSIX ships for them. (The extension-host suite checks that the walkthrough's commands are
// registered: test/integration/suite/walkthrough.test.cjs.)
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { PackageManager, listFiles } from '@vscode/vsce';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

interface WalkthroughStep {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string; altText?: string };
  completionEvents?: string[];
}
interface Manifest {
  icon?: string;
  activationEvents: string[];
  contributes: {
    commands: Array<{ command: string }>;
    walkthroughs?: Array<{ id: string; title: string; steps: WalkthroughStep[] }>;
  };
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;

interface PngChunk {
  type: string;
  data: Buffer;
}

/** The chunks of a PNG file; throws on a bad signature, a truncated chunk or a wrong CRC. */
function pngChunks(bytes: Buffer): PngChunk[] {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (!bytes.subarray(0, 8).equals(signature)) throw new Error('not a PNG signature');
  const chunks: PngChunk[] = [];
  for (let at = 8; at < bytes.length;) {
    if (at + 12 > bytes.length) throw new Error(`truncated chunk at byte ${at}`);
    const length = bytes.readUInt32BE(at);
    const end = at + 12 + length;
    if (end > bytes.length) throw new Error(`truncated chunk at byte ${at}`);
    const type = bytes.toString('latin1', at + 4, at + 8);
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (crc32(bytes.subarray(at + 4, at + 8 + length)) !== bytes.readUInt32BE(at + 8 + length)) throw new Error(`bad CRC in ${type}`);
    chunks.push({ type, data });
    at = end;
  }
  return chunks;
}

describe('first run: icon, walkthrough, VSIX contents', () => {
  let shipped: string[];
  before(async () => {
    shipped = await listFiles({ cwd: ROOT, packageManager: PackageManager.None });
  });

  describe('the extension icon', () => {
    it('is a valid 128×128 PNG named by package.json', () => {
      assert.equal(manifest.icon, 'media/icon.png');
      const chunks = pngChunks(readFileSync(join(ROOT, manifest.icon)));
      assert.equal(chunks[0]?.type, 'IHDR');
      assert.equal(chunks.at(-1)?.type, 'IEND');
      assert.ok(
        chunks.some((c) => c.type === 'IDAT'),
        'has image data',
      );
      const header = chunks[0]!.data;
      assert.deepEqual([header.readUInt32BE(0), header.readUInt32BE(4)], [128, 128]);
    });

    it('rejects what is not a PNG (the check can fail)', () => {
      assert.throws(() => pngChunks(readFileSync(join(ROOT, 'media', 'ml-hygiene.svg'))), /signature/);
      const png = Buffer.from(readFileSync(join(ROOT, 'media', 'icon.png')));
      png[20] = png[20]! ^ 0xff; // inside IHDR: the CRC no longer matches
      assert.throws(() => pngChunks(png), /bad CRC in IHDR/);
    });

    it('ships in the VSIX with the SVG it is generated from', () => {
      assert.ok(shipped.includes('media/icon.png'), shipped.join(', '));
      assert.ok(shipped.includes('media/ml-hygiene.svg'));
    });
  });

  describe('the walkthrough', () => {
    const walkthrough = manifest.contributes.walkthroughs?.find((w) => w.id === 'firstRun');
    const steps = walkthrough?.steps ?? [];

    it('has the five steps of a first hour, in order', () => {
      assert.ok(walkthrough, 'contributes.walkthroughs has firstRun');
      assert.deepEqual(
        steps.map((s) => s.id),
        ['findings', 'quickFix', 'modularize', 'plan', 'graph'],
      );
    });

    it('gives every step a media file that exists, ships in the VSIX and has a heading', () => {
      for (const step of steps) {
        const media = step.media.markdown ?? step.media.image ?? '';
        assert.ok(media.startsWith('media/walkthrough/'), `${step.id}: ${media}`);
        assert.ok(existsSync(join(ROOT, media)), `${step.id}: ${media} exists`);
        assert.ok(shipped.includes(media), `${step.id}: ${media} is in the VSIX`);
        if (step.media.markdown) assert.match(readFileSync(join(ROOT, media), 'utf8'), /^# \S/, `${media} starts with a heading`);
        else assert.ok(step.media.altText, `${step.id}: an image needs altText`);
      }
    });

    it('completes every step on a command, and each button runs one of them', () => {
      const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
      for (const step of steps) {
        const events = step.completionEvents ?? [];
        assert.ok(events.length > 0, `${step.id} completes on something`);
        for (const event of events) assert.match(event, /^onCommand:mlHygiene\.\w+$/, `${step.id}: ${event}`);
        const buttons = [...step.description.matchAll(/\]\(command:([\w.]+)\)/g)].map((m) => m[1]!);
        assert.equal(buttons.length, 1, `${step.id} has one button`);
        // The button's command is one the user finds again in the command palette.
        if (step.id !== 'graph') assert.ok(contributed.has(buttons[0]!), `${step.id}: ${buttons[0]} is contributed`);
      }
      const byId = new Map(steps.map((s) => [s.id, s.completionEvents ?? []]));
      assert.deepEqual(byId.get('findings'), ['onCommand:mlHygiene.openSample']);
      assert.deepEqual(byId.get('modularize'), ['onCommand:mlHygiene.modularize']);
      assert.deepEqual(byId.get('plan'), ['onCommand:mlHygiene.openDecisionPath']);
      assert.deepEqual(byId.get('graph'), ['onCommand:mlHygiene.showPipelineGraph']);
      assert.ok(byId.get('quickFix')?.includes('onCommand:mlHygiene.quickFixApplied'));
    });

    it('opens a sample the VSIX ships, and activates on its command', () => {
      assert.ok(shipped.includes('examples/house_prices.py'), 'the sample monolith is in the VSIX');
      assert.ok(manifest.activationEvents.includes('onCommand:mlHygiene.openSample'));
    });
  });
});
