// Renders a terminal screen captured with `tmux capture-pane -e -p` (text with SGR colour
// escapes) to a PNG through headless Chromium, for the Neovim screenshot in editors/screenshots.
//   usage: NODE_PATH=editors/vscode/node_modules node ansi-to-png.js SCREEN.ansi OUT.png
"use strict";
const fs = require("fs");
const { chromium } = require("playwright-core");

const [input, output] = process.argv.slice(2);
const text = fs.readFileSync(input, "utf8").replace(/\n+$/, "");

// xterm's 16 colours, then the 6x6x6 cube and the grey ramp.
const BASE = [
  "#000000", "#cd3131", "#0dbc79", "#e5e510", "#2472c8", "#bc3fbc", "#11a8cd", "#e5e5e5",
  "#666666", "#f14c4c", "#23d18b", "#f5f543", "#3b8eea", "#d670d6", "#29b8db", "#ffffff",
];
function color256(n) {
  if (n < 16) return BASE[n];
  if (n < 232) {
    const v = [0, 95, 135, 175, 215, 255];
    n -= 16;
    return `rgb(${v[Math.floor(n / 36)]},${v[Math.floor(n / 6) % 6]},${v[n % 6]})`;
  }
  const g = 8 + (n - 232) * 10;
  return `rgb(${g},${g},${g})`;
}
const FG = "#d4d4d4";
const BG = "#1e1e1e";

function isWide(cp) {
  return (
    (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1faff) || cp >= 0x20000
  );
}
const esc = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

let state = {};
function applySgr(params) {
  const p = params.length ? params.split(/[;:]/).map((x) => (x === "" ? 0 : Number(x))) : [0];
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === 0) state = {};
    else if (c === 1) state.bold = true;
    else if (c === 3) state.italic = true;
    else if (c === 4) state.underline = true;
    else if (c === 7) state.reverse = true;
    else if (c === 22) state.bold = false;
    else if (c === 23) state.italic = false;
    else if (c === 24) state.underline = false;
    else if (c === 27) state.reverse = false;
    else if (c >= 30 && c <= 37) state.fg = BASE[c - 30];
    else if (c >= 90 && c <= 97) state.fg = BASE[c - 90 + 8];
    else if (c >= 40 && c <= 47) state.bg = BASE[c - 40];
    else if (c >= 100 && c <= 107) state.bg = BASE[c - 100 + 8];
    else if (c === 39) delete state.fg;
    else if (c === 49) delete state.bg;
    else if (c === 38 || c === 48) {
      let col;
      if (p[i + 1] === 5) {
        col = color256(p[i + 2]);
        i += 2;
      } else if (p[i + 1] === 2) {
        col = `rgb(${p[i + 2]},${p[i + 3]},${p[i + 4]})`;
        i += 4;
      }
      if (col) state[c === 38 ? "fg" : "bg"] = col;
    }
  }
}
function style() {
  let fg = state.fg || FG;
  let bg = state.bg || BG;
  if (state.reverse) [fg, bg] = [bg, fg];
  let s = `color:${fg};background:${bg};`;
  if (state.bold) s += "font-weight:bold;";
  if (state.italic) s += "font-style:italic;";
  if (state.underline) s += "text-decoration:underline;";
  return s;
}

const lines = text.split("\n").map((line) => {
  let html = "";
  const re = /\x1b\[([0-9;:]*)m|\x1b\[[0-9;?]*[A-Za-z]|([^\x1b]+)/g;
  let m;
  while ((m = re.exec(line))) {
    if (m[1] !== undefined) applySgr(m[1]);
    else if (m[2] !== undefined) {
      let chunk = "";
      for (const ch of m[2]) {
        chunk += isWide(ch.codePointAt(0)) ? `<span class="w">${esc(ch)}</span>` : esc(ch);
      }
      html += `<span style="${style()}">${chunk}</span>`;
    }
  }
  return `<div class="l">${html || " "}</div>`;
});

const page = `<!doctype html><meta charset="utf-8"><style>
body{margin:0;background:${BG}}
#t{display:inline-block;padding:10px;background:${BG};font:15px/1.35 "DejaVu Sans Mono","WenQuanYi Micro Hei Mono",monospace;white-space:pre}
.l{height:1.35em}
.w{display:inline-block;width:2ch;text-align:center;font-family:"WenQuanYi Micro Hei Mono","WenQuanYi Micro Hei",monospace}
</style><div id="t">${lines.join("")}</div>`;

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  try {
    const p = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await p.setContent(page);
    await p.locator("#t").screenshot({ path: output });
  } finally {
    await browser.close();
  }
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
