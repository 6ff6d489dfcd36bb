// Copies the nianbao release binary into server/ so that `vsce package` bundles it in the .vsix.
// Source: $NIANBAO_BIN, else target/release/nianbao at the repository root.
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..", "..", "..");
const exe = process.platform === "win32" ? "nianbao.exe" : "nianbao";
const src = process.env.NIANBAO_BIN
  ? path.resolve(process.env.NIANBAO_BIN)
  : path.join(root, "target", "release", exe);
if (!fs.existsSync(src)) {
  console.error(`copy-binary: ${src} not found; run 'cargo build --release' or set NIANBAO_BIN`);
  process.exit(1);
}
// server/<platform>-<arch>/: the extension only runs a binary built for the machine it is on.
const serverDir = path.resolve(__dirname, "..", "server");
fs.rmSync(serverDir, { recursive: true, force: true });
const destDir = path.join(serverDir, `${process.platform}-${process.arch}`);
fs.mkdirSync(destDir, { recursive: true });
const dest = path.join(destDir, exe);
fs.copyFileSync(src, dest);
fs.chmodSync(dest, 0o755);
console.log(`copy-binary: ${src} -> ${path.relative(process.cwd(), dest)}`);
