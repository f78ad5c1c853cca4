// Build Hearth's static files into web/static_build/ (never committed).
// Run by `make assets` after `npm ci`.
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "web", "static_build");
const modules = join(root, "node_modules");

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "hearth"), { recursive: true });

const css = sass.compile(join(root, "frontend", "hearth.scss"), {
  loadPaths: [modules],
  style: "compressed",
  quietDeps: true,
});
writeFileSync(join(out, "hearth", "hearth.css"), css.css);

const govuk = join(modules, "govuk-frontend", "dist", "govuk");
mkdirSync(join(out, "govuk"), { recursive: true });
cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk", "govuk-frontend.min.js"));
// Only the images we use: the crown, crest and GDS Transport font are not for councils.
mkdirSync(join(out, "govuk", "assets", "images"), { recursive: true });
cpSync(join(govuk, "assets", "manifest.json"), join(out, "govuk", "assets", "manifest.json"));

cpSync(join(modules, "leaflet", "dist"), join(out, "leaflet"), { recursive: true });
// Every script and icon in frontend/ (each app adds its own file).
for (const name of readdirSync(join(root, "frontend"))) {
  if ((name.endsWith(".js") || name.endsWith(".svg")) && name !== "build.mjs") {
    cpSync(join(root, "frontend", name), join(out, "hearth", name));
  }
}
console.log(`Built static files into ${out}`);
