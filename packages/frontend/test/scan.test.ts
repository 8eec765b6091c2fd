import { mkdtemp, mkdir, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeThrown } from '@tandem/kit';
import { localPath } from '../src/plan.js';
import { escapedName, listSource, localSources } from '../src/scan.js';

// Linux file names are bytes; S3 keys are UTF-8. A name that is not UTF-8 is created here with a
// Buffer path, as a build tool that writes raw bytes would.

async function siteWith(badDir: Buffer | undefined, badFile: Buffer): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'scan-'));
  await writeFile(join(dir, 'index.html'), '<h1>shop</h1>');
  let parent = Buffer.from(dir);
  if (badDir) {
    parent = Buffer.concat([parent, Buffer.from('/'), badDir]);
    await mkdir(parent);
  }
  await writeFile(Buffer.concat([parent, Buffer.from('/'), badFile]), 'x');
  return dir;
}

test.each([
  ['bytes that are not UTF-8', Buffer.from([0x62, 0x61, 0x64, 0xff, 0xfe, 0x2e, 0x74, 0x78, 0x74]), 'bad\\xff\\xfe.txt'],
  ['a Latin-1 é', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2e, 0x63, 0x73, 0x73]), 'caf\\xe9.css'],
  ['a cut UTF-8 sequence', Buffer.from([0x61, 0xe2, 0x82]), 'a\\xe2\\x82'],
])('escapedName: %s', (_, bytes, shown) => {
  expect(escapedName(bytes)).toBe(shown);
});

test('a file name that is not UTF-8 is refused, naming its bytes and source-dir', async () => {
  const dir = await siteWith(undefined, Buffer.from([0x62, 0x61, 0x64, 0xff, 0xfe, 0x2e, 0x74, 0x78, 0x74]));
  const error = await listSource(dir, { requireIndex: true }).catch((thrown: unknown) => thrown);
  expect(describeThrown(error).message).toBe("Input 'source-dir': 'bad\\xff\\xfe.txt' is not a valid UTF-8 file name, so it cannot be an S3 key: rename it in the build output");
});

test('a folder whose name is not UTF-8 is refused too, naming the path to it', async () => {
  const dir = await siteWith(Buffer.from([0x69, 0x6d, 0x67, 0xc0]), Buffer.from('ok.png'));
  await mkdir(join(dir, 'assets'));
  const error = await listSource(dir, { requireIndex: true }).catch((thrown: unknown) => thrown);
  expect(describeThrown(error).message).toMatch(/^Input 'source-dir': 'img\\xc0' is not a valid UTF-8 file name/);
});

test('UTF-8 names (accents, emoji, spaces) are listed as they are', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'scan-'));
  await writeFile(join(dir, 'index.html'), 'x');
  await mkdir(join(dir, 'café'));
  await writeFile(join(dir, 'café', 'menu 🍰.json'), '{}');
  const listed = await listSource(dir, { requireIndex: true });
  expect(listed.map((file) => file.name)).toEqual(['café/menu 🍰.json', 'index.html']);
});

test('every file of the build output shares one source, so 100,000 files hold no path each; a symlinked file keeps its own', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sources-'));
  await writeFile(join(dir, 'index.html'), '<h1>shop</h1>');
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'assets', 'a.js'), 'a');
  await writeFile(join(dir, 'b.js'), 'b');
  await symlink(join(dir, 'b.js'), join(dir, 'assets', 'link.js'));
  const listed = await listSource(dir, { requireIndex: true });
  const sourceOf = localSources(dir);
  const sources = new Map(listed.map((file) => [file.name, sourceOf(file)]));
  expect(listed.map((file) => file.name)).toEqual(['assets/a.js', 'assets/link.js', 'b.js', 'index.html']);
  expect(sources.get('assets/a.js')).toBe(sources.get('index.html'));
  expect(sources.get('b.js')).toBe(sources.get('index.html'));
  expect(sources.get('assets/link.js')).toEqual({ kind: 'file', path: join(dir, 'b.js') });
  for (const file of listed) expect(localPath({ name: file.name, source: sources.get(file.name) ?? { kind: 'none' } })).toBe(file.path);
});


test('a linked directory is listed under its own name as well; a link back to a directory being walked is not followed', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'linked-'));
  await writeFile(join(dir, 'index.html'), '<img src="/shared/logo.png">');
  await mkdir(join(dir, 'img', 'icons'), { recursive: true });
  await writeFile(join(dir, 'img', 'logo.png'), 'png');
  await symlink(join(dir, 'img'), join(dir, 'shared'));
  await symlink(dir, join(dir, 'img', 'icons', 'root'));
  const listed = await listSource(dir, { requireIndex: true });
  expect(listed.map((file) => [file.name, file.path])).toEqual([
    ['img/logo.png', join(dir, 'img', 'logo.png')],
    ['index.html', join(dir, 'index.html')],
    ['shared/logo.png', join(dir, 'img', 'logo.png')],
  ]);
});

describe('exclude', () => {
  const site = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scan-'));
    await mkdir(join(dir, 'assets'));
    for (const name of ['index.html', 'assets/index-a1b2c3d4.js', 'assets/index-a1b2c3d4.js.map', 'assets/site-00000000.css', 'assets/site-00000000.css.map']) await writeFile(join(dir, name), name);
    return dir;
  };
  const maps = (name: string) => name.endsWith('.map');

  test('leaves out what it names and says which', async () => {
    const excluded: string[] = [];
    const listed = await listSource(await site(), { requireIndex: true, exclude: maps, excluded });
    expect(listed.map((file) => file.name)).toEqual(['assets/index-a1b2c3d4.js', 'assets/site-00000000.css', 'index.html']);
    expect(excluded).toEqual(['assets/index-a1b2c3d4.js.map', 'assets/site-00000000.css.map']);
  });

  test.each([
    ['every file', () => true, "Input 'exclude': leaves out every one of the 5 files in"],
    ['index.html where it is required', (name: string) => name === 'index.html', "Input 'exclude': leaves out index.html, which require-index asks for"],
  ])('leaving out %s is refused', async (_, exclude, message) => {
    await expect(listSource(await site(), { requireIndex: true, exclude })).rejects.toThrow(message);
  });
});
