// The page of `nianbao serve`: drop reports (files, folders, a .zip) or paste one; each answer
// of POST /api/review is shown as the review page shows it (its body and style in a shadow
// root, so its CSS does not leak), pasted text is checked again as it changes (debounced),
// and fixed files, the review page and the CSV are downloaded from the API.
"use strict";
(function () {
  const T = {
    zh: {
      title: "政府信息公开工作年度报告检查",
      drop: "把年报拖到这里，或点击选择文件",
      dropHint: "可多选：.docx、.pdf、.html、.txt、.md，或整个文件夹（也可打包为 .zip）。文件只用于本次检查，不会保存。",
      paste: "或粘贴报告全文（边改边查）",
      pastePlaceholder: "XX市XX局2023年政府信息公开工作年度报告……",
      textFix: "应用可自动修复的修改",
      unsafe: "下载修复文件时也应用需确认的修复",
      dlReview: "下载审查页（HTML）",
      dlCsv: "下载问题清单（CSV）",
      footer: "nianbao：结果只在本页显示；服务器不保存上传的文件。",
      checking: "正在检查……",
      fixDownload: "下载修复后的文件",
      fixing: "正在修复……",
      notFixable: "HTML 和 PDF 只检查、不修改（请在原文档中修改）",
      zipNote: "压缩包中的报告见下方；修复请单独上传该文件",
      skippedType: "不支持的文件类型，未上传",
      nothingToFix: "没有可自动修复的问题",
      fixed: (n, left) => `已下载：应用 ${n} 处修复，剩余 ${left} 个问题`,
      counts: (files, e, w) => `${files} 个文件：${e} 个错误、${w} 个警告`,
      textCounts: (e, w) => (e + w === 0 ? "未发现问题" : `${e} 个错误、${w} 个警告`),
      textFixed: (n) => `已应用 ${n} 处修复`,
      noFiles: "没有可检查的文件",
      tooLarge: (mb) => `文件合计超过服务器的上传限制 input-bytes = ${mb} MiB，请分批上传（或请管理员调高 --max-upload）`,
      reviewFile: "审查结果.html",
      csvFile: "审查结果.csv",
      failed: "请求失败：",
    },
    en: {
      title: "Annual report checker",
      drop: "Drop annual reports here, or click to choose files",
      dropHint: "One or many: .docx, .pdf, .html, .txt, .md, or a whole folder (or a .zip of it). Files are used for this check only, never kept.",
      paste: "Or paste a report's text (checked as you edit)",
      pastePlaceholder: "XX City XX Bureau 2023 annual report on government information disclosure…",
      textFix: "Apply the safe fixes",
      unsafe: "Apply unsafe fixes too when downloading fixed files",
      dlReview: "Download the review page (HTML)",
      dlCsv: "Download the findings (CSV)",
      footer: "nianbao: results are shown on this page only; the server keeps no uploaded file.",
      checking: "Checking…",
      fixDownload: "Download the fixed file",
      fixing: "Fixing…",
      notFixable: "HTML and PDF are checked, not rewritten (fix the source document)",
      zipNote: "its reports are below; upload one alone to fix it",
      skippedType: "unsupported file type, not uploaded",
      nothingToFix: "nothing to fix automatically",
      fixed: (n, left) => `downloaded: ${n} fix${n === 1 ? "" : "es"} applied, ${left} finding${left === 1 ? "" : "s"} left`,
      counts: (files, e, w) => `${files} file${files === 1 ? "" : "s"}: ${e} errors, ${w} warnings`,
      textCounts: (e, w) => (e + w === 0 ? "no findings" : `${e} errors, ${w} warnings`),
      textFixed: (n) => `${n} fix${n === 1 ? "" : "es"} applied`,
      noFiles: "no file to check",
      tooLarge: (mb) => `the files are over the server's upload limit input-bytes = ${mb} MiB together; upload fewer at a time (or ask for a larger --max-upload)`,
      reviewFile: "review.html",
      csvFile: "review.csv",
      failed: "request failed: ",
    },
  };
  const REPORT = /\.(docx|pdf|html?|shtml|xhtml|txt|md|zip)$/i;
  const FIXABLE = /\.(docx|txt|md)$/i;
  const root = document.documentElement;
  let lang = localStorage.getItem("nianbao-lang") || root.dataset.lang || "zh";
  if (!T[lang]) lang = "zh";
  const t = (k) => T[lang][k];
  const $ = (id) => document.getElementById(id);

  // What the results show: the files dropped, or the pasted text.
  let current = null; // {mode: "files"|"text", files: [File], html: string}
  let seq = 0; // answers older than the latest request are dropped
  let textTimer = null;
  let textAbort = null;

  function applyLang() {
    root.lang = lang === "zh" ? "zh-CN" : "en";
    document.querySelectorAll("[data-t]").forEach((e) => (e.textContent = t(e.dataset.t)));
    document.querySelectorAll("[data-tp]").forEach((e) => (e.placeholder = t(e.dataset.tp)));
    document.title = t("title") + " · nianbao";
    for (const b of document.querySelectorAll(".lang button")) b.setAttribute("aria-pressed", String(b.dataset.lang === lang));
  }

  function showError(msg) {
    const e = $("error");
    e.textContent = msg || "";
    e.hidden = !msg;
  }

  // POST `files` (name → Blob pairs) to `url`; resolves to the Response, or throws the API's
  // error message.
  async function post(url, files, extra, signal) {
    const form = new FormData();
    for (const [name, blob] of files) form.append("file", blob, name);
    for (const [k, v] of Object.entries(extra || {})) form.append(k, v);
    const sep = url.includes("?") ? "&" : "?";
    const r = await fetch(url + sep + "lang=" + lang, { method: "POST", body: form, signal });
    if (!r.ok) {
      let msg = r.status + " " + r.statusText;
      try {
        msg = (await r.json()).error || msg;
      } catch (_) {}
      throw new Error(msg);
    }
    return r;
  }

  function download(blob, name) {
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 60000);
  }

  function baseName(name) {
    return name.split("/").pop();
  }

  // --- the review page, shown in a shadow root
  const host = $("review");
  const shadow = host.attachShadow({ mode: "open" });
  const EXTRA_CSS =
    ":host{display:block}.review-body{font-family:inherit;line-height:1.5;color:#222}" +
    ".review-body>header h1{display:none}.review-body>header .meta{margin:.2em 0 .6em}";

  function render(html) {
    const doc = new DOMParser().parseFromString(html, "text/html");
    const style = document.createElement("style");
    style.textContent = Array.from(doc.querySelectorAll("style"), (s) => s.textContent).join("\n") + EXTRA_CSS;
    const body = document.createElement("div");
    body.className = "review-body";
    for (const n of Array.from(doc.body.childNodes)) {
      if (n.nodeName !== "SCRIPT") body.appendChild(document.adoptNode(n));
    }
    shadow.replaceChildren(style, body);
    wire(body);
    $("results").hidden = false;
  }

  // The review page's own behaviour: in-page links, the related cells of the finding under
  // the pointer, sorting the summary.
  function wire(body) {
    body.addEventListener("click", (ev) => {
      const a = ev.target.closest && ev.target.closest('a[href^="#"]');
      if (!a) return;
      ev.preventDefault();
      const target = shadow.getElementById(a.getAttribute("href").slice(1));
      if (!target) return;
      const details = target.closest("details") || target.querySelector("details");
      if (details) details.open = true;
      target.scrollIntoView({ block: "start" });
    });
    const rel = (id, on) => body.querySelectorAll('[data-rel~="' + id + '"]').forEach((e) => e.classList.toggle("rel", on));
    body.querySelectorAll("[data-f]").forEach((e) => {
      const ids = e.dataset.f.split(" ");
      e.addEventListener("mouseenter", () => ids.forEach((i) => rel(i, true)));
      e.addEventListener("mouseleave", () => ids.forEach((i) => rel(i, false)));
    });
    body.querySelectorAll("table.sortable").forEach((table) => {
      const hs = table.tHead.rows[0].cells;
      Array.from(hs).forEach((th, i) =>
        th.addEventListener("click", () => {
          const asc = !th.classList.contains("asc");
          Array.from(hs).forEach((x) => x.classList.remove("asc", "desc"));
          th.classList.add(asc ? "asc" : "desc");
          const num = th.dataset.type === "num";
          const b = table.tBodies[0];
          const rows = Array.from(b.rows);
          rows.sort((r1, r2) => {
            const a = r1.cells[i].textContent.trim();
            const c = r2.cells[i].textContent.trim();
            const r = num ? (a === "" ? -1 : parseFloat(a)) - (c === "" ? -1 : parseFloat(c)) : a.localeCompare(c, "zh");
            return asc ? r : -r;
          });
          rows.forEach((r) => b.appendChild(r));
        })
      );
    });
  }

  // Errors and warnings on the page shown, counted from its findings.
  function counts() {
    const n = (cls) => shadow.querySelectorAll("ol.findings li." + cls).length;
    return { errors: n("error"), warnings: n("warning") };
  }

  // --- dropped files
  async function checkFiles(files) {
    showError("");
    const take = files.filter((f) => REPORT.test(f.name));
    const list = $("files");
    list.replaceChildren();
    for (const f of files) list.appendChild(fileRow(f, take.includes(f)));
    $("text-status").textContent = "";
    if (take.length === 0) {
      $("results").hidden = false;
      shadow.replaceChildren();
      setStatus(t("noFiles"), "bad");
      return;
    }
    const max = Number(root.dataset.maxUpload) || Infinity;
    if (take.reduce((n, f) => n + f.size, 0) > max) {
      shadow.replaceChildren();
      setStatus("");
      showError(t("tooLarge")((max / 1048576).toFixed(1)));
      return;
    }
    current = { mode: "files", files: take, html: null };
    const mine = ++seq;
    setStatus(t("checking"));
    host.classList.add("busy");
    try {
      const r = await post("/api/review", take.map((f) => [f.name, f]));
      const html = await r.text();
      if (mine !== seq) return;
      current.html = html;
      render(html);
      const c = counts();
      setStatus(t("counts")(take.length, c.errors, c.warnings), c.errors ? "bad" : "good");
    } catch (e) {
      if (mine !== seq) return;
      setStatus("");
      showError(t("failed") + e.message);
    } finally {
      if (mine === seq) host.classList.remove("busy");
    }
  }

  function setStatus(msg, cls) {
    const s = $("status");
    s.textContent = msg;
    s.className = "status" + (cls ? " " + cls : "");
    $("results").hidden = false;
  }

  function fileRow(file, taken) {
    const li = document.createElement("li");
    const name = document.createElement("span");
    name.className = "name";
    name.textContent = file.name;
    li.appendChild(name);
    const note = document.createElement("span");
    note.className = "note";
    if (!taken) {
      note.textContent = t("skippedType");
    } else if (FIXABLE.test(file.name)) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "fix";
      b.textContent = t("fixDownload");
      b.addEventListener("click", () => fixFile(file, b, note));
      li.appendChild(b);
    } else if (/\.zip$/i.test(file.name)) {
      note.textContent = t("zipNote");
    } else {
      note.textContent = t("notFixable");
    }
    li.appendChild(note);
    return li;
  }

  async function fixFile(file, button, note) {
    button.disabled = true;
    note.className = "note";
    note.textContent = t("fixing");
    try {
      const extra = $("unsafe").checked ? { unsafe: "true" } : {};
      const r = await post("/api/fix", [[file.name, file]], extra);
      const n = Number(r.headers.get("X-Nianbao-Fixes") || 0);
      const left = Number(r.headers.get("X-Nianbao-Remaining") || 0);
      if (n === 0) {
        note.textContent = t("nothingToFix");
      } else {
        download(await r.blob(), baseName(file.name));
        note.textContent = t("fixed")(n, left);
        note.className = "note done";
      }
    } catch (e) {
      note.textContent = e.message;
      note.className = "note failed";
    } finally {
      button.disabled = false;
    }
  }

  // Files from a drop: folders are walked (their paths kept in the names).
  async function droppedFiles(dt) {
    const entries = Array.from(dt.items || [])
      .map((i) => (i.webkitGetAsEntry ? i.webkitGetAsEntry() : null))
      .filter(Boolean);
    if (entries.length === 0) return Array.from(dt.files || []);
    const out = [];
    const walk = async (entry, prefix) => {
      if (entry.name.startsWith(".")) return;
      if (entry.isFile) {
        const file = await new Promise((ok, bad) => entry.file(ok, bad));
        out.push(prefix ? new File([file], prefix + file.name, { type: file.type }) : file);
      } else if (entry.isDirectory) {
        const reader = entry.createReader();
        for (;;) {
          const batch = await new Promise((ok, bad) => reader.readEntries(ok, bad));
          if (batch.length === 0) break;
          for (const e of batch) await walk(e, prefix + entry.name + "/");
        }
      }
    };
    for (const e of entries) await walk(e, "");
    out.sort((a, b) => a.name.localeCompare(b.name));
    return out;
  }

  // --- pasted text, checked as it changes
  function scheduleText() {
    clearTimeout(textTimer);
    textTimer = setTimeout(checkText, 400);
  }

  async function checkText() {
    const text = $("text").value;
    if (textAbort) textAbort.abort();
    if (!text.trim()) {
      $("text-status").textContent = "";
      $("text-fix").hidden = true;
      return;
    }
    showError("");
    textAbort = new AbortController();
    const mine = ++seq;
    current = { mode: "text", files: [], html: null };
    $("files").replaceChildren();
    $("text-status").textContent = t("checking");
    try {
      const r = await post("/api/review", [[pastedName(), new Blob([text], { type: "text/plain" })]], {}, textAbort.signal);
      const html = await r.text();
      if (mine !== seq) return;
      current.html = html;
      current.files = [new File([text], pastedName(), { type: "text/plain" })];
      render(html);
      const c = counts();
      const s = $("text-status");
      s.textContent = t("textCounts")(c.errors, c.warnings);
      s.className = "status " + (c.errors ? "bad" : "good");
      setStatus(t("textCounts")(c.errors, c.warnings), c.errors ? "bad" : "good");
      $("text-fix").hidden = shadow.querySelectorAll(".fix").length === 0;
    } catch (e) {
      if (e.name === "AbortError" || mine !== seq) return;
      $("text-status").textContent = "";
      showError(t("failed") + e.message);
    }
  }

  function pastedName() {
    return lang === "zh" ? "粘贴的文本.txt" : "pasted.txt";
  }

  async function fixText() {
    const text = $("text").value;
    const b = $("text-fix");
    b.disabled = true;
    try {
      const r = await post("/api/fix", [[pastedName(), new Blob([text], { type: "text/plain" })]], {});
      const n = Number(r.headers.get("X-Nianbao-Fixes") || 0);
      if (n > 0) {
        $("text").value = await r.text();
        await checkText();
      }
      $("text-status").textContent = n > 0 ? t("textFixed")(n) + "；" + $("text-status").textContent : t("nothingToFix");
    } catch (e) {
      showError(t("failed") + e.message);
    } finally {
      b.disabled = false;
    }
  }

  // --- downloads for many reports
  async function downloadReview() {
    if (current && current.html) download(new Blob([current.html], { type: "text/html" }), t("reviewFile"));
  }

  async function downloadCsv() {
    if (!current || current.files.length === 0) return;
    try {
      const r = await post("/api/review?format=csv", current.files.map((f) => [f.name, f]));
      download(await r.blob(), t("csvFile"));
    } catch (e) {
      showError(t("failed") + e.message);
    }
  }

  // --- wiring
  function init() {
    applyLang();
    const drop = $("drop");
    const pick = $("pick");
    drop.addEventListener("click", () => pick.click());
    drop.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        pick.click();
      }
    });
    pick.addEventListener("change", () => {
      const files = Array.from(pick.files);
      pick.value = "";
      if (files.length) checkFiles(files);
    });
    drop.addEventListener("dragover", (e) => {
      e.preventDefault();
      drop.classList.add("over");
    });
    drop.addEventListener("dragleave", () => drop.classList.remove("over"));
    drop.addEventListener("drop", async (e) => {
      e.preventDefault();
      drop.classList.remove("over");
      const files = await droppedFiles(e.dataTransfer);
      if (files.length) checkFiles(files);
    });
    // A file dropped anywhere else is not opened by the browser in place of the page.
    window.addEventListener("dragover", (e) => e.preventDefault());
    window.addEventListener("drop", (e) => e.preventDefault());
    $("text").addEventListener("input", scheduleText);
    $("text-fix").addEventListener("click", fixText);
    $("dl-review").addEventListener("click", downloadReview);
    $("dl-csv").addEventListener("click", downloadCsv);
    for (const b of document.querySelectorAll(".lang button")) {
      b.addEventListener("click", () => {
        lang = b.dataset.lang;
        localStorage.setItem("nianbao-lang", lang);
        applyLang();
        // The findings are in the language asked for: ask again.
        if (current && current.mode === "files") checkFiles(current.files);
        else if (current && current.mode === "text") checkText();
      });
    }
  }

  init();
})();
