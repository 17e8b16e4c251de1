/**
 * The checks Electron's main process applies to IPC senders and navigations,
 * with plain objects standing in for web contents and frames (the binary
 * cannot run on our build machines).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isOurPage, isOurPageUrl, type FrameLike } from './our-page.ts';

const INDEX = path.resolve('/opt/pantry/resources/app.asar/out/renderer/index.html');
const OUR_URL = pathToFileURL(INDEX).href;
const ourContents = { id: 1 };
const mainFrame: FrameLike = { url: OUR_URL, parent: null };

describe('isOurPageUrl', () => {
  it('accepts our index.html, with or without a #route', () => {
    expect(isOurPageUrl(OUR_URL, INDEX)).toBe(true);
    expect(isOurPageUrl(`${OUR_URL}#/organizations/1`, INDEX)).toBe(true);
  });

  it('refuses anything else: web pages, other files, queries, hosts, junk', () => {
    for (const url of [
      'https://evil.example/',
      'http://127.0.0.1:5178/',
      pathToFileURL(path.resolve(path.dirname(INDEX), 'other.html')).href,
      pathToFileURL('/etc/passwd').href,
      `${OUR_URL}?x=1`,
      OUR_URL.replace('file:///', 'file://evil.example/'),
      'data:text/html,<script>1</script>',
      'about:blank',
      '',
      'not a url',
    ]) {
      expect(isOurPageUrl(url, INDEX), url).toBe(false);
    }
  });
});

describe('isOurPage (IPC sender)', () => {
  it('accepts the main frame of our window showing our page', () => {
    expect(isOurPage({ sender: ourContents, senderFrame: mainFrame }, ourContents, INDEX)).toBe(true);
  });

  it('refuses a subframe, even one showing our own file', () => {
    const subframe: FrameLike = { url: OUR_URL, parent: mainFrame };
    expect(isOurPage({ sender: ourContents, senderFrame: subframe }, ourContents, INDEX)).toBe(false);
  });

  it('refuses a top frame showing another file:// page', () => {
    const other: FrameLike = { url: pathToFileURL('/tmp/downloaded.html').href, parent: null };
    expect(isOurPage({ sender: ourContents, senderFrame: other }, ourContents, INDEX)).toBe(false);
  });

  it('refuses another web contents, a gone frame, and no window yet', () => {
    expect(isOurPage({ sender: { id: 2 }, senderFrame: mainFrame }, ourContents, INDEX)).toBe(false);
    expect(isOurPage({ sender: ourContents, senderFrame: null }, ourContents, INDEX)).toBe(false);
    expect(isOurPage({ sender: undefined, senderFrame: mainFrame }, undefined, INDEX)).toBe(false);
  });
});
