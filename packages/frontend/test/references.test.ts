import { manifestReferences, pageReferences, precacheReferences, registeredWorkers, resolveReference, type Written } from '../src/references.js';

describe('pageReferences', () => {
  test.each<[string, string, Written[]]>([
    ['a Vite page: module script, modulepreload, stylesheet, icon, manifest',
      `<!doctype html><html><head>
        <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
        <link rel="manifest" href="/manifest.webmanifest">
        <script type="module" crossorigin src="/assets/index-a1b2c3d4.js"></script>
        <link rel="modulepreload" crossorigin href="/assets/vendor-11223344.js">
        <link rel="stylesheet" crossorigin href="/assets/index-e5f6a7b8.css">
      </head><body><div id="root"></div></body></html>`,
      [{ raw: '/favicon.svg', kind: 'image' }, { raw: '/manifest.webmanifest', kind: 'manifest' }, { raw: '/assets/index-a1b2c3d4.js', kind: 'script' }, { raw: '/assets/vendor-11223344.js', kind: 'script' }, { raw: '/assets/index-e5f6a7b8.css', kind: 'style' }]],
    ['a CRA page: classic script with defer, shortcut icon, apple-touch-icon',
      '<link rel="shortcut icon" href="/favicon.ico"><link rel="apple-touch-icon" href="/logo192.png"><script defer="defer" src="/static/js/main.8f2a1b3c.js"></script><link href="/static/css/main.0a1b2c3d.css" rel="stylesheet">',
      [{ raw: '/favicon.ico', kind: 'image' }, { raw: '/logo192.png', kind: 'image' }, { raw: '/static/js/main.8f2a1b3c.js', kind: 'script' }, { raw: '/static/css/main.0a1b2c3d.css', kind: 'style' }]],
    ['images: src, srcset with widths and densities, picture sources, a video poster',
      '<img src="hero.png" srcset="hero-480.png 480w, hero-960.png 960w"><picture><source srcset="a.avif 1x, a@2x.avif 2x" type="image/avif"><img src="a.jpg"></picture><video poster="/poster.webp"><source src="/clip.mp4"></video>',
      [{ raw: 'hero.png', kind: 'image' }, { raw: 'hero-480.png', kind: 'image' }, { raw: 'hero-960.png', kind: 'image' }, { raw: 'a.avif', kind: 'image' }, { raw: 'a@2x.avif', kind: 'image' }, { raw: 'a.jpg', kind: 'image' }, { raw: '/poster.webp', kind: 'image' }, { raw: '/clip.mp4', kind: 'any' }]],
    ['preloads by their "as"; prefetch, preconnect, canonical and links to pages are not loaded',
      '<link rel="preload" as="style" href="/a.css"><link rel="preload" as="font" href="/f.woff2" crossorigin><link rel="preload" as="image" imagesrcset="/i-1.png 1x, /i-2.png 2x"><link rel="prefetch" href="/later.js"><link rel="preconnect" href="https://api.example.com"><link rel="canonical" href="/"><a href="/about/">about</a>',
      [{ raw: '/a.css', kind: 'style' }, { raw: '/f.woff2', kind: 'any' }, { raw: '/i-1.png', kind: 'image' }, { raw: '/i-2.png', kind: 'image' }]],
    ['entities decoded, unquoted and upper-case attributes, comments and inline scripts ignored',
      '<!-- <script src="/old.js"></script> --><SCRIPT SRC=/a.js?v=1&amp;x=2></SCRIPT><script>const s = "<script src=/not-loaded.js>"</script><script type="application/ld+json" src="/data.json"></script>',
      [{ raw: '/a.js?v=1&x=2', kind: 'script' }, { raw: '/data.json', kind: 'any' }]],
    ['attribute values decoded as a browser does: numeric and named entities, a legacy one before = left as written, in rel, srcset and base too',
      '<base href="/app&#47;"><link rel="STYLE&#x53;HEET" href="/s&#46;css"><img src="/a.png?x=1&copy=2" srcset="/b.png?q=1&amp;r=2 2x"><link rel="preload" as="&#115;cript" href="&sol;c.js"><p>&amp; &lt;img src=/not-an-image.png&gt;</p>',
      [{ raw: '/s.css', kind: 'style' }, { raw: '/a.png?x=1&copy=2', kind: 'image' }, { raw: '/b.png?q=1&r=2', kind: 'image' }, { raw: '/c.js', kind: 'script' }]],
    ['an empty src names nothing', '<script src=""></script><img src=" ">', []],
  ])('%s', (_name, html, expected) => {
    expect(pageReferences(html).references).toEqual(expected);
  });

  test('an encoded <base href> is decoded', () => {
    expect(pageReferences('<base href="/app&#47;v&#x32;/"><script src="m.js"></script>').base).toBe('/app/v2/');
  });

  test('the first <base href> is returned, for resolution', () => {
    expect(pageReferences('<head><base href="/app/"><base href="/other/"><script src="main.js"></script></head>')).toEqual({ references: [{ raw: 'main.js', kind: 'script' }], base: '/app/' });
  });
});

describe('resolveReference', () => {
  test.each<[string, string, string, string, string | undefined, string[] | undefined]>([
    ['a root-relative path', '/assets/a.js', 'index.html', '', undefined, ['assets/a.js']],
    ['relative to a nested page', 'img/logo.png', 'docs/guide/index.html', '', undefined, ['docs/guide/img/logo.png']],
    ['up a folder', '../a.css', 'docs/guide/index.html', '', undefined, ['docs/a.css']],
    ['query and fragment dropped', './a.js?v=3#x', 'index.html', '', undefined, ['a.js']],
    ['percent-encoding decoded to the key', '/images/menu%20card.png', 'index.html', '', undefined, ['images/menu card.png']],
    ['another origin is not checked', 'https://cdn.example.com/a.js', 'index.html', '', undefined, undefined],
    ['a protocol-relative URL is another origin', '//fonts.example.com/f.woff2', 'index.html', '', undefined, undefined],
    ['data: and blob: are not files', 'data:image/png;base64,AAAA', 'index.html', '', undefined, undefined],
    ['the root itself names no file', '/', 'index.html', '', undefined, undefined],
    ['a folder names no file', '/about/', 'index.html', '', undefined, undefined],
    ['a <base href> moves relative references', 'main.js', 'index.html', '', '/app/', ['app/main.js']],
    ['under a prefix, a path that repeats it is also read as a bucket path', '/shop/assets/a.js', 'index.html', 'shop/', undefined, ['shop/assets/a.js', 'assets/a.js']],
    ['under a prefix, a root path is the site\'s', '/assets/a.js', 'index.html', 'shop/', undefined, ['assets/a.js']],
  ])('%s', (_name, raw, from, prefix, base, expected) => {
    expect(resolveReference(raw, from, prefix, base)).toEqual(expected);
  });
});

describe('manifestReferences', () => {
  test.each<[string, object, Written[]]>([
    ['icons, screenshots and shortcut icons; start_url "/" is a folder',
      { start_url: '/', icons: [{ src: '/icon-192.png', sizes: '192x192' }, { src: 'icon-512.png' }], screenshots: [{ src: '/shot.webp' }], shortcuts: [{ name: 'Cart', url: '/cart', icons: [{ src: '/cart.png' }] }] },
      [{ raw: '/icon-192.png', kind: 'image' }, { raw: 'icon-512.png', kind: 'image' }, { raw: '/shot.webp', kind: 'image' }, { raw: '/cart.png', kind: 'image' }]],
    ['a start_url that is a file is checked', { start_url: '/index.html?source=pwa' }, [{ raw: '/index.html?source=pwa', kind: 'any' }]],
    ['a start_url that is a route is not', { start_url: '/shop/cart' }, []],
    ['icons without a src are skipped', { icons: [{ sizes: '1x1' }, { src: '' }] }, []],
  ])('%s', (_name, manifest, expected) => {
    expect(manifestReferences(JSON.stringify(manifest))).toEqual(expected);
  });

  test('a manifest that is not JSON throws, for the check to report', () => {
    expect(() => manifestReferences('{ name: Shop')).toThrow();
  });
});

describe('precacheReferences', () => {
  test.each<[string, string, string[]]>([
    ['workbox generateSW (AMD, quoted keys)',
      'define(["./workbox-5ce6ad81"],(function(e){"use strict";self.skipWaiting(),e.clientsClaim(),e.precacheAndRoute([{"url":"assets/index-a1b2c3d4.js","revision":null},{"url":"index.html","revision":"3ca0b8505b4bec776b69afdba2768812"}],{}),e.registerRoute(new e.NavigationRoute(e.createHandlerBoundToURL("index.html")))}));',
      ['assets/index-a1b2c3d4.js', 'index.html']],
    ['injectManifest, minified, bare keys and another function name',
      'import{a as t}from"./w.js";Ye([{revision:"ab12",url:"/offline.html"},{revision:null,url:"assets/app-99999999.css"}]);self.addEventListener("fetch",()=>{});',
      ['/offline.html', 'assets/app-99999999.css']],
    ['an array of other objects is not a precache manifest', 'const routes=[{url:"/a",method:"GET"}];const list=[{url:"/b",revision:"1"},{name:"c"}];', []],
    ['a worker without a precache manifest', 'self.addEventListener("fetch", () => {});', []],
    ['code that does not parse yields nothing', 'precacheAndRoute([{url: "a.js", revision: null}', []],
  ])('%s', (_name, code, expected) => {
    expect(precacheReferences(code).map((reference) => reference.raw)).toEqual(expected);
  });
});

describe('registeredWorkers', () => {
  test.each<[string, string, string[]]>([
    ['the plain call', "if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js', { scope: '/' });", ['/sw.js']],
    ['minified, navigator aliased', 'var n=navigator;"serviceWorker"in n&&n.serviceWorker.register("/mockServiceWorker.js").then(r=>r)', ['/mockServiceWorker.js']],
    ['a template literal and a base-URL concatenation', 'navigator.serviceWorker.register(`./firebase-messaging-sw.js`);navigator.serviceWorker.register(BASE+"ngsw-worker.js")', ['./firebase-messaging-sw.js', 'ngsw-worker.js']],
    ['new URL(..., import.meta.url)', 'navigator.serviceWorker.register(new URL("./worker.js", import.meta.url), { type: "module" })', ['./worker.js']],
    ['a computed URL names nothing', 'navigator.serviceWorker.register(url)', []],
    ['other register calls are not service workers', 'customElements.register("x.js"); app.register("/plugin.js"); navigator.serviceWorker.ready', []],
    ['code that does not parse yields nothing', 'navigator.serviceWorker.register("/sw.js"', []],
    ['quoted keys, optional chaining, comments and line breaks between the tokens',
      'navigator["serviceWorker"]["register"]("/a.js");navigator.serviceWorker?.register("/b.js");navigator.serviceWorker /* c */ .register("/c.js");navigator.serviceWorker\n  // d\n  .register("/d.js")',
      ['/a.js', '/b.js', '/c.js', '/d.js']],
    ['a bundle that only asks whether service workers exist', 'async function u(){if("serviceWorker"in navigator){const{Workbox:d}=await import("./workbox-window.js");new d("/sw.js").register()}}', []],
  ])('%s', (_name, code, expected) => {
    expect(registeredWorkers(code)).toEqual(expected);
  });
});
