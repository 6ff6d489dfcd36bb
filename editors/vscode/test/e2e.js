// End-to-end test of the VS Code extension in a real VS Code (code-server) driven by headless
// Chromium through playwright-core: installs the built .vsix, opens a seed report with one
// wrong total, finds the NB201 diagnostic in the editor and the Problems panel and table 三's
// code lens, takes a screenshot, saves with editor.codeActionsOnSave running
// source.fixAll.nianbao, and checks that the file on disk holds the right total again, that a
// notification says what was fixed and that the lens is refreshed; then mistypes a part
// (自然人 91 → 19): the finding sits on the part, saving leaves the right total alone, and the
// quick-fix at the part restores it.
//
// Environment: CODE_SERVER_ENTRY (entry.js printed by scripts/install-code-server.sh),
// VSIX (default ../nianbao.vsix), FIXTURE (the seed report), SCREENSHOT_DIR (where vscode.png
// goes; unset = no screenshot), CHROMIUM (default /usr/bin/chromium), KEEP_TMP=1 to keep files.
"use strict";
const assert = require("assert");
const cp = require("child_process");
const fs = require("fs");
const net = require("net");
const os = require("os");
const path = require("path");
const { chromium } = require("playwright-core");

const repoRoot = path.resolve(__dirname, "..", "..", "..");
const ENTRY = process.env.CODE_SERVER_ENTRY;
const VSIX = path.resolve(process.env.VSIX || path.join(__dirname, "..", "nianbao.vsix"));
const FIXTURE = path.resolve(
  process.env.FIXTURE || path.join(repoRoot, "tests", "fixtures", "002_57935d37ad0b2f69.txt"),
);
const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR;
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const ROW = "一、本年新收政府信息公开申请数量";
const GOOD = `${ROW}\t\t91\t0\t0\t0\t55\t0\t146\t`;
const BAD = `${ROW}\t\t91\t0\t0\t0\t55\t0\t147\t`;
// A mistyped part: 自然人 91 typed 19, the total 146 right.
const BAD_PART = `${ROW}\t\t19\t0\t0\t0\t55\t0\t146\t`;
// What the server says about BAD: the diagnostic, its quick-fix's title, the total's hover.
const NB201_MESSAGE = "总计应为 146（91+0+0+0+55+0），此处为 147";
const NB201_FIX = "将总计改为 146";
const NB201_FORMULA = "总计 = 91 + 0 + 0 + 0 + 55 + 0 = 146 ✗（此处为 147）";

const results = [];
function log(msg) {
  const t = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
  console.log(`[vscode-e2e ${t}s] ${msg}`);
}
const started = Date.now();

// A step that fails stops the suite, unless it is not `fatal`: then it is reported (and the
// suite fails) and the steps after it still run.
async function step(name, fn, { fatal = true } = {}) {
  const t0 = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`ok - vscode: ${name} (${Date.now() - t0} ms)`);
  } catch (err) {
    results.push({ name, ok: false });
    console.log(`not ok - vscode: ${name} (${Date.now() - t0} ms)\n  ${String(err && err.stack ? err.stack : err).replace(/\n/g, "\n  ")}`);
    if (fatal) throw err;
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

async function waitFor(what, fn, timeoutMs, intervalMs = 200) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last}` : ""}`);
}

function totalRowOnDisk(file) {
  return fs
    .readFileSync(file, "utf8")
    .split(/\r?\n/)
    .find((l) => l.startsWith(ROW));
}

async function main() {
  assert.ok(ENTRY && fs.existsSync(ENTRY), `CODE_SERVER_ENTRY not found: ${ENTRY}`);
  assert.ok(fs.existsSync(VSIX), `VSIX not found: ${VSIX}`);
  const seed = fs.readFileSync(FIXTURE, "utf8");
  assert.ok(seed.includes(GOOD), "the seed report lacks the expected total row");

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nianbao-vscode-e2e-"));
  const ws = path.join(tmp, "workspace");
  const userData = path.join(tmp, "user-data");
  const exts = path.join(tmp, "extensions");
  fs.mkdirSync(path.join(ws, ".vscode"), { recursive: true });
  fs.mkdirSync(path.join(userData, "User"), { recursive: true });
  const report = path.join(ws, "report.txt");
  fs.writeFileSync(report, seed.replace(GOOD, BAD));
  fs.writeFileSync(
    path.join(ws, ".vscode", "settings.json"),
    JSON.stringify({ "editor.codeActionsOnSave": { "source.fixAll.nianbao": "explicit" } }, null, 2),
  );
  fs.writeFileSync(
    path.join(userData, "User", "settings.json"),
    JSON.stringify(
      {
        "security.workspace.trust.enabled": false,
        "workbench.startupEditor": "none",
        "workbench.tips.enabled": false,
        "workbench.enableExperiments": false,
        "telemetry.telemetryLevel": "off",
        "update.mode": "none",
        "extensions.autoCheckUpdates": false,
        "extensions.autoUpdate": false,
        "extensions.ignoreRecommendations": true,
        "files.autoSave": "off",
        "window.restoreWindows": "none",
        "editor.minimap.enabled": false,
        "editor.stickyScroll.enabled": false,
        "chat.commandCenter.enabled": false,
        "workbench.secondarySideBar.defaultVisibility": "hidden",
        "nianbao.trace.server": "messages",
      },
      null,
      2,
    ),
  );

  let server;
  let browser;
  const serverLog = path.join(tmp, "code-server.log");
  try {
    await step("install the .vsix into code-server", async () => {
      const r = cp.spawnSync(
        process.execPath,
        [ENTRY, "--user-data-dir", userData, "--extensions-dir", exts, "--install-extension", VSIX],
        { encoding: "utf8", timeout: 120000 },
      );
      log(`install: ${(r.stdout + r.stderr).trim().split("\n").slice(-2).join(" | ")}`);
      assert.strictEqual(r.status, 0, `install-extension failed: ${r.stderr}`);
      const installed = fs.readdirSync(exts).filter((d) => d.startsWith("nianbao.nianbao"));
      assert.ok(installed.length === 1, `extension folder missing in ${exts}`);
      const bin = path.join(exts, installed[0], "server", `${process.platform}-${process.arch}`, "nianbao");
      assert.ok(fs.existsSync(bin), "the .vsix has no bundled server/nianbao");
    });

    const port = await freePort();
    // The extension must use the binary bundled in the .vsix, not an override.
    const env = { ...process.env };
    delete env.NIANBAO_BIN;
    const logFd = fs.openSync(serverLog, "w");
    server = cp.spawn(
      process.execPath,
      [
        ENTRY,
        "--auth", "none",
        "--bind-addr", `127.0.0.1:${port}`,
        "--disable-telemetry",
        "--disable-update-check",
        "--disable-workspace-trust",
        "--user-data-dir", userData,
        "--extensions-dir", exts,
        ws,
      ],
      { env, stdio: ["ignore", logFd, logFd], detached: true },
    );
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}`;

    await step("code-server answers HTTP", async () => {
      await waitFor("code-server", async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok, 60000, 300);
    });

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const key = (k) => page.keyboard.press(k);

    await step("workbench loads", async () => {
      await page.goto(url, { waitUntil: "domcontentloaded", timeout: 60000 });
      await page.waitForSelector(".monaco-workbench", { timeout: 90000 });
      // Let the extension host start; dismiss whatever may have focus.
      await page.waitForTimeout(1500);
      await key("Escape");
    });

    const lineNo = seed.split(/\r?\n/).findIndex((l) => l === GOOD) + 1;
    const col = BAD.indexOf("147") + 1; // 1-based UTF-16 column, as Go to Line takes it

    await step("open the report through Quick Open", async () => {
      await waitFor(
        "report.txt tab",
        async () => {
          await page.locator(".monaco-workbench").click({ position: { x: 700, y: 400 } }).catch(() => {});
          await key("Control+P");
          const input = page.locator(".quick-input-widget input");
          await input.waitFor({ state: "visible", timeout: 5000 });
          await input.fill("report.txt");
          await page.waitForSelector(".quick-input-list .monaco-list-row", { timeout: 5000 });
          await key("Enter");
          await page.waitForSelector('.tab[data-resource-name="report.txt"], .tab[aria-label*="report.txt"]', {
            timeout: 5000,
          });
          return true;
        },
        60000,
        500,
      );
      await page.waitForSelector(".monaco-editor .view-lines", { timeout: 10000 });
    });

    // The nianbao output channel is virtualised on screen; VS Code also writes it to the logs folder.
    function readChannel() {
      const logs = [];
      const walk = (d) =>
        fs.readdirSync(d, { withFileTypes: true }).forEach((e) => {
          const p = path.join(d, e.name);
          if (e.isDirectory()) walk(p);
          else if (/^\d+-nianbao\.log$/.test(e.name)) logs.push(p);
        });
      walk(path.join(userData, "logs"));
      return logs.map((p) => fs.readFileSync(p, "utf8")).join("\n").split("\n");
    }

    // Quick Open with ':' is "Go to Line/Column" (Ctrl+G is not bound the same in the browser).
    async function gotoCell() {
      await key("Control+P");
      const input = page.locator(".quick-input-widget input");
      await input.waitFor({ state: "visible", timeout: 5000 });
      await input.fill(`:${lineNo}:${col}`);
      await page.waitForTimeout(200);
      await key("Enter");
      await input.waitFor({ state: "hidden", timeout: 5000 });
    }

    await step(`go to line ${lineNo}, column ${col}`, async () => {
      await page.locator(".monaco-editor .view-lines").first().click();
      await gotoCell();
      await waitFor(
        "status bar cursor position",
        async () => {
          const text = await page.locator(".statusbar").innerText();
          // The status bar counts tabs as several columns, so only the line is compared.
          return text.includes(`Ln ${lineNo},`);
        },
        10000,
      );
    });

    await step("NB201 shows as the one error squiggle, on the wrong total", async () => {
      // The report has exactly one error. The squiggle may be in the page a moment before it is
      // laid out (no box yet): wait until it is on screen.
      const squiggles = page.locator(".monaco-editor .squiggly-error");
      const box = await waitFor(
        "exactly one error squiggle on screen",
        async () => {
          const n = await squiggles.count();
          if (n > 1) throw new Error(`${n} error squiggles`);
          const b = n === 1 ? await squiggles.first().boundingBox() : null;
          return b && b.width > 0 && b.height > 0 ? b : false;
        },
        60000,
      );
      // Hovering the squiggle shows the diagnostic under it (with the server's hover): the
      // NB201 message about this total, and the formula of row 一's total.
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
      // The diagnostic's part of the hover comes first, the server's hover a moment later.
      let hover = "";
      await waitFor(
        "the hover over the squiggle",
        async () => {
          hover = (await page.locator(".monaco-hover").allInnerTexts()).join(" | ");
          return hover.includes(NB201_MESSAGE) && hover.includes(NB201_FORMULA);
        },
        15000,
      ).catch((err) => {
        throw new Error(`${err.message}: want "${NB201_MESSAGE}" and "${NB201_FORMULA}" in the hover: ${hover}`);
      });
      log(`hover: ${hover.replace(/\s+/g, " ")}`);
      await page.mouse.move(5, 5);
      await key("Escape");
    });

    await step("NB201 is listed in the Problems panel", async () => {
      await key("Control+Shift+M");
      await waitFor(
        "NB201 row in Problems",
        async () => {
          const rows = await page.locator(".markers-panel .monaco-list-row").allInnerTexts();
          return rows.some((t) => t.includes("NB201"));
        },
        30000,
      );
      const rows = await page.locator(".markers-panel .monaco-list-row").allInnerTexts();
      log(`Problems: ${rows.map((r) => r.replace(/\s+/g, " ")).join(" || ")}`);
      assert.ok(
        rows.some((t) => t.includes("NB201") && t.includes(NB201_MESSAGE) && t.includes(`[Ln ${lineNo}, Col ${col}]`)),
        `NB201 not at Ln ${lineNo}, Col ${col}: ${rows.join(" | ")}`,
      );
    });

    // Table 三's code lens (`✗ 表三（依申请公开）：1 处问题 — 修复所有合计`).
    const lensThree = async () =>
      (await page.locator(".monaco-editor .codelens-decoration").allInnerTexts()).find((t) => t.includes("表三"));

    await step("table 三's code lens counts the problem", async () => {
      await waitFor("the lens of table 三 with ✗", async () => (await lensThree() || "").includes("✗"), 30000);
      log(`lens: ${await lensThree()}`);
    });

    // Notifications shown (toasts), for the notice of what was fixed.
    const toasts = async () => page.locator(".notifications-toasts .notification-toast").allInnerTexts();

    await step("quick-fix menu offers the fix; screenshot", async () => {
      // Open the problem from the Problems panel: the cursor lands on the wrong total.
      await page.locator(".markers-panel .monaco-list-row").filter({ hasText: "NB201" }).first().click();
      await key("Enter");
      await waitFor(
        "editor focus on the cell",
        async () => (await page.locator(".statusbar").innerText()).includes(`Ln ${lineNo},`),
        5000,
      );
      await page.waitForTimeout(300);
      await key("Control+.");
      await page.waitForSelector(".action-widget .monaco-list-row, .context-view .action-widget", { timeout: 15000 });
      const items = await page.locator(".action-widget .monaco-list-row").allInnerTexts();
      log(`quick-fix menu: ${items.map((r) => r.replace(/\s+/g, " ")).join(" || ")}`);
      assert.ok(
        items.some((t) => t.includes(NB201_FIX)),
        `quick-fix menu lacks "${NB201_FIX}": ${items.join(" | ")}`,
      );
      if (SCREENSHOT_DIR) {
        fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, "vscode.png") });
        log(`screenshot: ${path.join(SCREENSHOT_DIR, "vscode.png")}`);
      }
      await key("Escape");
      assert.strictEqual(totalRowOnDisk(report), BAD, "the file changed before saving");
    });

    await step("the extension told the server fixOnSave:false (codeActionsOnSave fixes instead)", async () => {
      await key("F1");
      const input = page.locator(".quick-input-widget input");
      await input.waitFor({ state: "visible", timeout: 5000 });
      await input.fill(">nianbao: Show server log");
      await page.waitForSelector(".quick-input-list .monaco-list-row", { timeout: 5000 });
      await key("Enter");
      await waitFor(
        "the nianbao output channel",
        async () => (await page.locator(".output-view .view-lines").first().innerText()).length > 0,
        10000,
      );
      const line = readChannel().find((l) => l.includes("[nianbao] settings:"));
      log(`output channel: ${line}`);
      assert.ok(line && line.includes('"fixOnSave":false'), `settings sent: ${line}`);
      // Problems panel back in front, then the report editor for the save.
      await key("Control+Shift+M");
      await page.waitForSelector(".markers-panel", { state: "visible", timeout: 5000 });
      await key("Control+1");
    });

    await step("save runs source.fixAll.nianbao: the file on disk has the right total", async () => {
      await key("Control+S");
      await waitFor("146 on disk", async () => totalRowOnDisk(report) === GOOD, 20000);
    });

    await step("a notification says what was fixed", async () => {
      const shown = await waitFor(
        "the notice of the fix",
        // codeActionsOnSave runs fix-all: its notice is 已修正 (保存时修正了 is willSaveWaitUntil's).
        async () => (await toasts()).find((t) => t.includes("已修正 1 处合计") && t.includes("146")),
        15000,
      );
      log(`notice: ${shown.replace(/\s+/g, " ")}`);
    });

    await step("table 三's code lens is refreshed: it balances", async () => {
      await waitFor("the lens of table 三 with ✓", async () => (await lensThree() || "").includes("✓"), 15000);
    });

    await step("the diagnostic is gone after the fix", async () => {
      await waitFor(
        "no NB201 in Problems",
        async () => {
          const rows = await page.locator(".markers-panel .monaco-list-row").allInnerTexts();
          return !rows.some((t) => t.includes("NB201"));
        },
        15000,
      );
      if (SCREENSHOT_DIR) {
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, "vscode-fixed.png") });
      }
    });

    await step("without codeActionsOnSave, the server fixes on save (willSaveWaitUntil)", async () => {
      // Dropping the setting makes the extension send fixOnSave:true (didChangeConfiguration).
      fs.writeFileSync(path.join(ws, ".vscode", "settings.json"), "{}\n");
      await waitFor(
        "fixOnSave:true sent to the server",
        async () => readChannel().some((l) => l.includes("[nianbao] settings changed:") && l.includes('"fixOnSave":true')),
        15000,
        300,
      );
      // Type the wrong total into the editor.
      await gotoCell();
      await key("Shift+ArrowRight");
      await key("Shift+ArrowRight");
      await key("Shift+ArrowRight");
      await page.keyboard.type("147");
      await waitFor(
        "NB201 again",
        async () => (await page.locator(".markers-panel .monaco-list-row").allInnerTexts()).some((t) => t.includes("NB201")),
        15000,
      );
      await key("Control+S");
      await waitFor("146 on disk after the willSaveWaitUntil save", async () => totalRowOnDisk(report) === GOOD, 20000);
      await waitFor(
        "the notice of the fix on save",
        async () => (await toasts()).some((t) => t.includes("保存时修正了 1 处合计")),
        15000,
      );
      await waitFor(
        "no NB201 in Problems",
        async () => !(await page.locator(".markers-panel .monaco-list-row").allInnerTexts()).some((t) => t.includes("NB201")),
        15000,
      );
    });

    const partCol = BAD_PART.indexOf("19") + 1; // 1-based UTF-16 column of the part
    await step("a mistyped part: the finding is on the part, with the value that repairs it", async () => {
      await key("Control+1");
      await key("Control+P");
      const input = page.locator(".quick-input-widget input");
      await input.waitFor({ state: "visible", timeout: 5000 });
      await input.fill(`:${lineNo}:${partCol}`);
      await page.waitForTimeout(200);
      await key("Enter");
      await input.waitFor({ state: "hidden", timeout: 5000 });
      await key("Shift+ArrowRight");
      await key("Shift+ArrowRight");
      await page.keyboard.type("19");
      await key("Control+Shift+M");
      const row = await waitFor(
        "an error at the part in Problems",
        async () =>
          (await page.locator(".markers-panel .monaco-list-row").allInnerTexts()).find((t) =>
            t.includes(`[Ln ${lineNo}, Col ${partCol}]`),
          ),
        20000,
      );
      log(`Problems: ${row.replace(/\s+/g, " ")}`);
      assert.ok(row.includes("91"), `the repairing value is not named: ${row}`);
      const rows = await page.locator(".markers-panel .monaco-list-row").allInnerTexts();
      assert.ok(!rows.some((t) => t.includes("NB201")), `the right total is flagged: ${rows.join(" | ")}`);
    });

    await step("saving leaves the right total (and the part) as typed", async () => {
      await key("Control+1");
      await key("Control+S");
      await waitFor("the part saved as typed", async () => totalRowOnDisk(report) === BAD_PART, 20000);
      await page.waitForTimeout(1000);
      assert.strictEqual(totalRowOnDisk(report), BAD_PART, "the save changed the row");
    });

    await step("the quick-fix at the part restores it", async () => {
      await key("Control+P");
      const input = page.locator(".quick-input-widget input");
      await input.waitFor({ state: "visible", timeout: 5000 });
      await input.fill(`:${lineNo}:${partCol}`);
      await page.waitForTimeout(200);
      await key("Enter");
      await input.waitFor({ state: "hidden", timeout: 5000 });
      await page.waitForTimeout(300);
      await key("Control+.");
      await page.waitForSelector(".action-widget .monaco-list-row", { timeout: 15000 });
      const items = await page.locator(".action-widget .monaco-list-row").allInnerTexts();
      log(`quick-fix menu at the part: ${items.map((r) => r.replace(/\s+/g, " ")).join(" || ")}`);
      // Chosen by the keyboard, as the menu offers it focused ("Enter to Apply"; the menu's
      // pointer block intercepts a click on the row).
      const fix = page.locator(".action-widget .monaco-list-row").filter({ hasText: "将自然人改为 91" }).first();
      await waitFor("the fix focused", async () => (await fix.getAttribute("class") || "").includes("focused"), 5000);
      await key("Enter");
      await key("Control+S");
      await waitFor("91 back on disk", async () => totalRowOnDisk(report) === GOOD, 20000);
    });

    await step("nianbao: Restart server starts a new server that checks the report again", async () => {
      const starts = () => readChannel().filter((l) => l.startsWith("[nianbao] server:")).length;
      const before = starts();
      await key("F1");
      const input = page.locator(".quick-input-widget input");
      await input.waitFor({ state: "visible", timeout: 5000 });
      await input.fill(">nianbao: Restart server");
      await page.waitForSelector(".quick-input-list .monaco-list-row", { timeout: 5000 });
      await key("Enter");
      await waitFor("a second server start in the log", async () => starts() > before, 15000, 300);
      await key("Control+1");
      await gotoCell();
      await key("Shift+ArrowRight");
      await key("Shift+ArrowRight");
      await key("Shift+ArrowRight");
      await page.keyboard.type("147");
      await key("Control+Shift+M");
      await waitFor(
        "NB201 from the restarted server",
        async () => (await page.locator(".markers-panel .monaco-list-row").allInnerTexts()).some((t) => t.includes("NB201")),
        20000,
      );
    });

    await step("nianbao.lang and nianbao.rules reach the server (didChangeConfiguration)", async () => {
      const nb201Rows = async () =>
        (await page.locator(".markers-panel .monaco-list-row").allInnerTexts()).filter((t) => t.includes("NB201"));
      const zh = (await nb201Rows())[0];
      fs.writeFileSync(path.join(ws, ".vscode", "settings.json"), JSON.stringify({ "nianbao.lang": "en" }));
      await waitFor(
        "an English NB201 message",
        async () => (await nb201Rows()).some((t) => t !== zh && /[A-Za-z]{4,}/.test(t.split("nianbao")[0])),
        15000,
      );
      log(`English: ${(await nb201Rows())[0].split("\n")[0]}`);
      fs.writeFileSync(
        path.join(ws, ".vscode", "settings.json"),
        JSON.stringify({ "nianbao.lang": "en", "nianbao.rules": { NB201: "off" } }),
      );
      await waitFor("NB201 turned off", async () => (await nb201Rows()).length === 0, 15000);
    });
  } catch (err) {
    if (browser) {
      const pages = browser.contexts().flatMap((c) => c.pages());
      if (pages[0]) await pages[0].screenshot({ path: path.join(tmp, "failure.png") }).catch(() => {});
    }
    throw err;
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (server && server.pid) {
      try {
        process.kill(-server.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
    const failed = results.some((r) => !r.ok);
    if (failed || process.env.KEEP_TMP) {
      log(`files kept in ${tmp}; code-server log tail:`);
      try {
        console.log(fs.readFileSync(serverLog, "utf8").split("\n").slice(-30).join("\n"));
      } catch {
        // no log
      }
    } else {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
}

main()
  .then(() => {
    const passed = results.filter((r) => r.ok).length;
    console.log(`vscode: ${passed} passed, ${results.length - passed} failed`);
    if (passed < results.length) process.exitCode = 1;
  })
  .catch(() => {
    const passed = results.filter((r) => r.ok).length;
    console.log(`vscode: ${passed} passed, ${results.length - passed + (results.every((r) => r.ok) ? 1 : 0)} failed`);
    process.exitCode = 1;
  });
