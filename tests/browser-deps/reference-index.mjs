// The reference for verteller's search index (tests/testsuite/search_differential.rs):
// Pagefind's own indexer — the npm release of the version verteller pins, run through
// its Node API — indexes the pages of a built site, and writes its bundle elsewhere.
//
//   node reference-index.mjs SITE_DIR BUNDLE_DIR BASE_PATH LANGUAGE
//
// Every `.html` file under SITE_DIR with `data-pagefind-body` is added as verteller
// adds it: its URL is BASE_PATH + its path (a folder's `index.html`: the folder), in URL
// order, with the site's language forced. Prints the number of pages added.
import { readFileSync, readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import * as pagefind from "pagefind";

const [site, bundle, basePath, language] = process.argv.slice(2);
if (!site || !bundle || basePath === undefined || !language) {
  console.error("usage: node reference-index.mjs SITE_DIR BUNDLE_DIR BASE_PATH LANGUAGE");
  process.exit(2);
}

function* htmlFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (relative(site, path) !== "pagefind") yield* htmlFiles(path);
    } else if (entry.name.endsWith(".html")) {
      yield path;
    }
  }
}

const pages = [];
for (const path of htmlFiles(site)) {
  const content = readFileSync(path, "utf8");
  if (!content.includes("data-pagefind-body")) continue;
  const rel = relative(site, path).split(sep).join("/");
  const folder = rel === "index.html" || rel.endsWith("/index.html");
  const url = basePath + (folder ? rel.slice(0, -"index.html".length) : rel);
  pages.push({ url, content });
}
// Code-unit order, as Rust compares the same (ASCII) URLs.
pages.sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));

const { errors, index } = await pagefind.createIndex({ forceLanguage: language, keepIndexUrl: false });
if (errors.length) throw new Error(errors.join("\n"));
for (const { url, content } of pages) {
  const added = await index.addHTMLFile({ url, content });
  if (added.errors.length) throw new Error(`${url}: ${added.errors.join("\n")}`);
}
const written = await index.writeFiles({ outputPath: bundle });
if (written.errors.length) throw new Error(written.errors.join("\n"));
await pagefind.close();
console.log(pages.length);
