// Compiles and renders MDX files the way a docs site does: @mdx-js/mdx 3 with YAML
// frontmatter, then React server rendering. Prints one JSON object:
// {"files": {path: {"html": …} | {"error": …}}, "ran": [markers set by expressions]}.
// Any `{…}` in a guide that MDX reads as an expression would run here and could
// record itself in globalThis.__ran; generated guides must never contain one.
import { readFile } from "node:fs/promises";
import { evaluate } from "@mdx-js/mdx";
import remarkFrontmatter from "remark-frontmatter";
import * as runtime from "react/jsx-runtime";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";

globalThis.__ran = [];
const files = {};
for (const path of process.argv.slice(2)) {
  try {
    const source = await readFile(path, "utf8");
    const { default: Content } = await evaluate(source, {
      ...runtime,
      remarkPlugins: [remarkFrontmatter],
    });
    files[path] = { html: renderToStaticMarkup(createElement(Content)) };
  } catch (error) {
    files[path] = { error: String(error && error.message ? error.message : error) };
  }
}
process.stdout.write(JSON.stringify({ files, ran: globalThis.__ran }));
