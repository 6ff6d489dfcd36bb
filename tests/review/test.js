// Opens the HTML review page made by `nianbao check DIR --format html -o review.html` in
// headless Chromium (Debian's /usr/bin/chromium through playwright-core) and checks that it
// renders: the summary table's rows, the highlighted wrong cell with its finding beside it,
// the prose finding, a finding dismissed by nianbao.toml shown greyed and not counted, sorting, in-page links, no network request and no script from a report.
// Saves a screenshot for the documentation.
//
// usage: node test.js PAGE.html SCREENSHOT.png EXPECTED_SUMMARY_ROWS
// Prints one line per check and a final "N passed, M failed" line; exits 1 on any failure.

"use strict";
const fs = require("fs");
const path = require("path");
const { chromium } = require("playwright-core");

const [page_file, screenshot, expected_rows] = process.argv.slice(2);
if (!page_file || !screenshot || !expected_rows) {
  console.error("usage: node test.js PAGE.html SCREENSHOT.png EXPECTED_SUMMARY_ROWS");
  process.exit(2);
}

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
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    const url = "file://" + path.resolve(page_file);
    const foreign = [];
    page.on("request", (r) => {
      if (r.url().split("#")[0] !== url) foreign.push(r.url());
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

    const rows = page.locator("table.summary tbody tr");
    check("summary table has one row per file", (await rows.count()) === Number(expected_rows),
      `${await rows.count()} rows, expected ${expected_rows}`);
    const summary_text = await page.locator("table.summary").innerText();
    check("summary names the agency and year", summary_text.includes("孟州市人民政府") && summary_text.includes("2023"));
    check("summary gives the reason for a text that is not a report", summary_text.includes("不是年度报告"));
    check("summary gives the reason for an unreadable file", summary_text.includes("UTF-16"));

    // The broken report: follow its link from the summary.
    const link = page.locator("table.summary a", { hasText: "broken.txt" });
    const href = await link.getAttribute("href");
    await link.click();
    check("summary link jumps to the report", (await page.evaluate(() => location.hash)) === href, href);
    const report = page.locator(`section${href}`);
    check("the report is shown", await report.isVisible());

    const bad = report.locator("td.bad.error");
    check("exactly one cell is marked as an error", (await bad.count()) === 1, `${await bad.count()}`);
    const cell_text = (await bad.first().innerText()).trim();
    check("the marked cell is the wrong total 147", cell_text.startsWith("147"), cell_text);
    const title = (await bad.first().getAttribute("title")) || "";
    check("the marked cell's hover title has the NB201 finding", title.includes("NB201") && title.includes("146"), title);
    const bg = await bad.first().evaluate((e) => getComputedStyle(e).backgroundColor);
    check("the marked cell is highlighted", bg === "rgb(255, 214, 214)", bg);
    const row_label = await bad.first().evaluate((e) => e.parentElement.querySelector("th").textContent);
    check("the marked cell is in row 一、本年新收", row_label.includes("一、本年新收"), row_label);

    const badge = bad.first().locator("a.badge");
    const target = await badge.getAttribute("href");
    const item = page.locator(`li${target}`);
    const item_text = await item.innerText();
    check("the finding is listed", (await item.isVisible()) && item_text.includes("NB201") && item_text.includes("146"),
      item_text);
    const table_box = await bad.first().evaluate((e) => {
      const r = e.closest("table").getBoundingClientRect();
      return { right: r.right, top: r.top, bottom: r.bottom };
    });
    const item_box = await item.boundingBox();
    check("the finding is beside its table", item_box && item_box.x >= table_box.right - 1 &&
      item_box.y < table_box.bottom, JSON.stringify({ table_box, item_box }));

    await bad.first().hover();
    // Its related cells: the six parts of its row (A1), then the cell of the balance it also
    // breaks (A3 on 总计: 一＋二＝三（七）＋四), as the engine gives them.
    const lit = await report.locator("td.rel").allInnerTexts();
    const rows_lit = await report.locator("td.rel").evaluateAll((cells) => cells.map((c) => c.closest("tr").rowIndex));
    check("hovering the wrong total lights up its six parts and the balance it breaks",
      lit.join(",") === "91,0,0,0,55,0,0" && new Set(rows_lit.slice(0, 6)).size === 1 && rows_lit[6] !== rows_lit[0],
      `${lit.join(",")} rows ${rows_lit.join(",")}`);
    await page.mouse.move(0, 0);
    check("the parts go dark again", (await report.locator("td.rel").count()) === 0);

    const mark = report.locator("mark.warning");
    check("the prose finding marks its span in the paragraph", (await mark.count()) === 1 &&
      ((await mark.first().getAttribute("title")) || "").includes("NB301"));
    const para = await mark.first().evaluate((e) => e.closest("p").textContent);
    check("markup in the report is shown as text", para.includes('<script>alert("x")</script>'), para);
    check("no script from a report ran", dialogs.length === 0, dialogs.join(", "));

    // The finding dismissed by nianbao.toml's [[ignore]] entry: shown greyed beside its cell,
    // with the entry's key and reason, counted apart from the errors.
    const heads = await page.locator("table.summary thead th").allInnerTexts();
    const ignored_col = heads.findIndex((h) => h.trim() === "已忽略");
    check("the summary has an ignored column", ignored_col >= 0, heads.join(" | "));
    const broken_row = page.locator("table.summary tbody tr", { hasText: "broken.txt" });
    const cells = await broken_row.locator("td").allInnerTexts();
    check("the summary counts 1 error and 1 ignored finding for the report",
      cells[heads.indexOf("错误")] === "1" && cells[ignored_col] === "1", cells.join(" | "));
    const counts = await report.locator(".counts").innerText();
    check("the report's counts say 1 error and 1 ignored", counts.includes("1 个错误") && counts.includes("1 个已忽略"),
      counts);
    const grey = report.locator("td.ignored");
    check("exactly one cell is marked as ignored", (await grey.count()) === 1, `${await grey.count()}`);
    const grey_text = (await grey.first().innerText()).trim();
    check("the ignored cell is the dismissed total 9", grey_text.startsWith("9"), grey_text);
    const grey_bg = await grey.first().evaluate((e) => getComputedStyle(e).backgroundColor);
    check("the ignored cell is greyed", grey_bg === "rgb(237, 237, 237)", grey_bg);
    const grey_title = (await grey.first().getAttribute("title")) || "";
    check("the ignored cell's hover title says it is ignored", grey_title.includes("NB201（已忽略）"), grey_title);
    const grey_target = await grey.first().locator("a.badge.ignored").getAttribute("href");
    const grey_item = page.locator(`li${grey_target}`);
    const grey_item_text = await grey_item.innerText();
    check("the ignored finding is listed, marked, with its entry's key and reason",
      (await grey_item.getAttribute("class")) === "ignored" && grey_item_text.includes("已忽略（错误）") &&
      grey_item_text.includes("表三·（三）8.属于行政查询事项·总计") && grey_item_text.includes("含转办件"),
      grey_item_text);
    const grey_item_box = await grey_item.boundingBox();
    check("the ignored finding is beside its table", grey_item_box && grey_item_box.x >= table_box.right - 1,
      JSON.stringify({ table_box, grey_item_box }));

    // Sorting by the error count (second click: descending).
    const errors_th = page.locator("table.summary thead th", { hasText: "错误" });
    await errors_th.click();
    await errors_th.click();
    const first_row = await rows.first().innerText();
    check("clicking a column heading sorts the summary", first_row.includes("broken.txt"), first_row);

    check("no request leaves the page", foreign.length === 0, foreign.join(", "));
    check("no script errors", errors.length === 0, errors.join("; "));

    // Screenshot: the summary, then the broken report down to the end of its table 三.
    await errors_th.click(); // back to ascending, then restore path order for the picture
    await page.locator("table.summary thead th", { hasText: "#" }).first().click();
    await bad.first().hover();
    await page.evaluate(() => window.scrollTo(0, 0));
    const t3 = await report.locator("table.t3").evaluate((e) => {
      const r = e.closest(".pair").getBoundingClientRect();
      return r.bottom + window.scrollY;
    });
    const height = Math.ceil(t3) + 16;
    try {
      fs.rmSync(screenshot, { force: true });
    } catch {
      // not there
    }
    await page.screenshot({ path: screenshot, fullPage: true, clip: { x: 0, y: 0, width: 1280, height } });
    const png = fs.existsSync(screenshot) ? fs.readFileSync(screenshot) : Buffer.alloc(0);
    const size = png.length >= 24 && png.readUInt32BE(0) === 0x89504e47 ? [png.readUInt32BE(16), png.readUInt32BE(20)] : null;
    check("screenshot saved as a 1280-pixel-wide PNG down to table 三", size !== null && size[0] === 1280 &&
      size[1] === height && height > 900 && png.length > 20000, `${screenshot}: ${png.length} bytes, size ${size}, want 1280x${height}`);
  } finally {
    await browser.close();
  }
}

main()
  .catch((e) => {
    failed++;
    console.log(`not ok - ${e && e.stack ? e.stack : e}`);
  })
  .finally(() => {
    console.log(`${passed} passed, ${failed} failed`);
    process.exit(failed === 0 ? 0 : 1);
  });
