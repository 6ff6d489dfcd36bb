// Drives the page of `nianbao serve` in headless Chromium (Debian's /usr/bin/chromium through
// playwright-core), as an author or an office would use it:
//  - drop a .docx with a wrong total: the wrong cell is marked and its message shown; download
//    the fixed .docx and check it with the CLI (no arithmetic finding left, the original had one);
//  - choose two years of one agency and a file of an unsupported type: the summary names last
//    year's report, the other file is not uploaded; the review page and the CSV download;
//  - paste a report, change a total: the finding appears; change it back: it goes;
//  - switch to English: the page and the findings are in English;
//  - the page loads nothing from elsewhere and runs no script from a report.
// Takes a screenshot (the dropped .docx) for the documentation.
//
// usage: node test.js URL NIANBAO_BIN WORK_DIR SCREENSHOT.png
// Prints one line per check and a final "N passed, M failed" line; exits 1 on any failure.

"use strict";
const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");
const { chromium } = require("playwright-core");

const [url, bin, work, screenshot] = process.argv.slice(2);
if (!url || !bin || !work || !screenshot) {
  console.error("usage: node test.js URL NIANBAO_BIN WORK_DIR SCREENSHOT.png");
  process.exit(2);
}
const root = path.resolve(__dirname, "../..");
const DOCX = path.join(root, "tests/fixtures/rendered/NB201-row-total.docx");
const SEED = path.join(root, "tests/fixtures/002_57935d37ad0b2f69.txt");
const ARITH = ["NB201", "NB202", "NB203", "NB204", "NB205"];

let passed = 0;
let failed = 0;
function check(name, ok, detail) {
  if (ok) {
    passed++;
    console.log(`ok - ${name}`);
  } else {
    failed++;
    console.log(`not ok - ${name}${detail !== undefined ? ": " + detail : ""}`);
  }
}

// `nianbao check --format json FILE`: the findings' codes.
function cliCodes(file) {
  let out;
  try {
    out = execFileSync(bin, ["check", "--format", "json", file], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    // Exit 1: errors found; the JSON is on stdout all the same.
    if (e.status !== 1) throw e;
    out = e.stdout;
  }
  return JSON.parse(out).map((d) => d.code);
}

// Drops `files` ({name, buffer}) on the drop zone as a drag from the desktop does.
async function drop(page, files) {
  const payload = files.map((f) => ({ name: f.name, b64: f.buffer.toString("base64") }));
  const dt = await page.evaluateHandle((files) => {
    const dt = new DataTransfer();
    for (const f of files) {
      const bytes = Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], f.name));
    }
    return dt;
  }, payload);
  await page.dispatchEvent("#drop", "dragover", { dataTransfer: dt });
  await page.dispatchEvent("#drop", "drop", { dataTransfer: dt });
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
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
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1, acceptDownloads: true });
    const page = await context.newPage();
    const origin = new URL(url).origin;
    const foreign = [];
    page.on("request", (r) => {
      const u = r.url();
      if (!u.startsWith(origin + "/") && !u.startsWith("blob:") && !u.startsWith("data:")) foreign.push(u);
    });
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    const dialogs = [];
    page.on("dialog", async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });

    await page.goto(url, { waitUntil: "load" });
    check("the page is in Chinese by default", (await page.locator("header.top h1").innerText()).includes("年度报告检查"));

    // --- a .docx with a wrong total, dropped
    await drop(page, [{ name: "某局年报.docx", buffer: fs.readFileSync(DOCX) }]);
    const bad = page.locator("#review td.bad.error");
    await bad.first().waitFor({ timeout: 20000 });
    check("the wrong cell is marked", (await bad.count()) === 1, `${await bad.count()} cells`);
    check("the wrong cell holds the wrong total", (await bad.first().innerText()).includes("147"), await bad.first().innerText());
    const finding = page.locator("#review ol.findings li.error").first();
    const findingText = await finding.innerText();
    check("the finding is shown beside its table", findingText.includes("NB201") && findingText.includes("总计应为 146"), findingText);
    check("the status counts the error", (await page.locator("#status").innerText()).includes("1 个错误"));
    // The page from its top to the findings beside the wrong cell.
    await page.evaluate(() => window.scrollTo(0, 0));
    const box = await page.locator("#review ol.findings").first().boundingBox();
    await page.screenshot({ path: screenshot, fullPage: true, clip: { x: 0, y: 0, width: 1280, height: Math.ceil(box.y + box.height + 40) } });

    // Download the fixed .docx and check it with the CLI.
    const fixButton = page.locator("#files button.fix");
    check("a fix button for the .docx", (await fixButton.count()) === 1);
    const [download] = await Promise.all([page.waitForEvent("download", { timeout: 20000 }), fixButton.click()]);
    check("the fixed file keeps its name", download.suggestedFilename() === "某局年报.docx", download.suggestedFilename());
    const fixed = path.join(work, "fixed.docx");
    await download.saveAs(fixed);
    const before = cliCodes(DOCX);
    const after = cliCodes(fixed);
    check("the CLI finds the wrong total in the original", before.includes("NB201"), before.join(","));
    check("the CLI finds no arithmetic error in the fixed .docx", !after.some((c) => ARITH.includes(c)), after.join(","));
    check("the fixed .docx is still a Word file", fs.readFileSync(fixed).subarray(0, 2).toString() === "PK");
    await page.locator("#files .note.done").waitFor({ timeout: 5000 });
    check("the page says what was fixed", (await page.locator("#files .note.done").innerText()).includes("应用 1 处修复"));

    // --- two years of one agency, and a file that is not taken
    const seed = fs.readFileSync(SEED, "utf8");
    const lastYear = seed.replace("2023 年政府信息公开工作年度报告", "2022 年政府信息公开工作年度报告");
    if (lastYear === seed) throw new Error("could not make last year's report from the seed");
    await page.setInputFiles("#pick", [
      { name: "孟州2023.txt", mimeType: "text/plain", buffer: Buffer.from(seed) },
      { name: "孟州2022.txt", mimeType: "text/plain", buffer: Buffer.from(lastYear) },
      { name: "表格.xlsx", mimeType: "application/octet-stream", buffer: Buffer.from("PK not a report") },
    ]);
    const rows = page.locator("#review table.summary tbody tr");
    await page.waitForFunction(() => {
      const host = document.getElementById("review");
      return host.shadowRoot && host.shadowRoot.querySelectorAll("table.summary tbody tr").length === 2;
    }, null, { timeout: 20000 });
    check("the summary has a row per report", (await rows.count()) === 2, `${await rows.count()} rows`);
    const summary = await page.locator("#review table.summary").innerText();
    check("the summary names the agency and both years", summary.includes("孟州市人民政府") && summary.includes("2022") && summary.includes("2023"), summary);
    const prevCell = page.locator("#review table.summary td.previous");
    check("the later year's row names last year's report", (await prevCell.count()) === 1 && (await prevCell.innerText()).includes("孟州2022.txt"),
      (await prevCell.count()) ? await prevCell.innerText() : "no cell");
    check("the unsupported file is not uploaded", (await page.locator("#files li", { hasText: "表格.xlsx" }).innerText()).includes("不支持"));
    const [reviewDl] = await Promise.all([page.waitForEvent("download"), page.locator("#dl-review").click()]);
    const reviewFile = path.join(work, "review.html");
    await reviewDl.saveAs(reviewFile);
    const reviewHtml = fs.readFileSync(reviewFile, "utf8");
    check("the review page downloads as a page", reviewHtml.startsWith("<!DOCTYPE html>") && reviewHtml.includes("孟州2022.txt"));
    const [csvDl] = await Promise.all([page.waitForEvent("download"), page.locator("#dl-csv").click()]);
    const csvFile = path.join(work, "review.csv");
    await csvDl.saveAs(csvFile);
    const csv = fs.readFileSync(csvFile, "utf8");
    check("the CSV downloads with its header", csv.startsWith("\ufeff文件,机关,年度,代码"), csv.slice(0, 40));

    // --- pasted text, checked as it changes
    const text = page.locator("#text");
    await text.fill(seed);
    await page.waitForFunction(() => /未发现问题|0 个错误/.test(document.getElementById("text-status").textContent), null, { timeout: 20000 });
    check("the pasted clean report has no error", (await page.locator("#review td.bad.error").count()) === 0);
    // Change a total as an author would: select it and type.
    const at = seed.indexOf("\t55\t0\t146\t") + "\t55\t0\t".length;
    if (at < "\t55\t0\t".length) throw new Error("the seed has no such row");
    await text.evaluate((e, at) => {
      e.focus();
      e.setSelectionRange(at, at + 3);
    }, at);
    await page.keyboard.type("147");
    await page.locator("#review td.bad.error").first().waitFor({ timeout: 20000 });
    const typed = await page.locator("#review ol.findings li.error").first().innerText();
    check("the finding appears as the total is changed", typed.includes("总计应为 146"), typed);
    check("the text status counts it", (await page.locator("#text-status").innerText()).includes("1 个错误"));
    await text.evaluate((e, at) => {
      e.focus();
      e.setSelectionRange(at, at + 3);
    }, at);
    await page.keyboard.type("146");
    await page.waitForFunction(() => {
      const host = document.getElementById("review");
      return /未发现问题/.test(document.getElementById("text-status").textContent) &&
        host.shadowRoot.querySelectorAll("td.bad.error").length === 0;
    }, null, { timeout: 20000 });
    check("the finding goes when the total is right again", (await page.locator("#review td.bad.error").count()) === 0);

    // The safe fix applied in the box.
    await text.evaluate((e, at) => {
      e.focus();
      e.setSelectionRange(at, at + 3);
    }, at);
    await page.keyboard.type("147");
    await page.locator("#text-fix").waitFor({ state: "visible", timeout: 20000 });
    await page.locator("#text-fix").click();
    await page.waitForFunction(() => document.getElementById("text").value.includes("\t55\t0\t146\t"), null, { timeout: 20000 });
    check("applying the fix in the box puts the right total back", (await text.inputValue()) === seed);

    // --- English
    await page.locator("#lang-en").click();
    await text.evaluate((e, at) => {
      e.focus();
      e.setSelectionRange(at, at + 3);
    }, at);
    await page.keyboard.type("147");
    await page.waitForFunction(() => /1 errors/.test(document.getElementById("text-status").textContent), null, { timeout: 20000 });
    const en = await page.locator("#review ol.findings li.error").first().innerText();
    check("in English, the page and the finding are in English", (await page.locator("header.top h1").innerText()).includes("Annual report checker") && en.includes("should be 146"), en);

    check("no request left the server", foreign.length === 0, foreign.join(" "));
    check("no script error", errors.length === 0, errors.join(" | "));
    check("no dialog opened", dialogs.length === 0, dialogs.join(" | "));
  } finally {
    await browser.close();
  }
}

main()
  .catch((e) => {
    failed++;
    console.log(`not ok - the test ran to the end: ${e.stack || e}`);
  })
  .finally(() => {
    console.log(`${passed} passed, ${failed} failed`);
    process.exit(failed ? 1 : 0);
  });
