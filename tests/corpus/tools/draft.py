# Writes a draft .expected file for each corpus file that has none: the `read:` line and one
# `ok` entry per finding at warning or error, each with the note `TODO`, for a reviewer to judge
# (change the verdict, write the note). Usage, from the repository root, after a release build:
#   python3 tests/corpus/tools/draft.py [target/release/nianbao]
# HTML, PDF and Word files are drafted with the line numbers only (the span is the checked
# text's, which this script does not extract): fill the 「span」 from `nianbao check` output.
import json, os, subprocess, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
nb = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "target/release/nianbao")

def lines_of(text):
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")

for folder in ["openings", "openings/overview-complete", "openings/table-2", "whole", "not-reports"]:
    for name in sorted(os.listdir(os.path.join(root, folder))):
        path = os.path.join(folder, name)
        base, ext = os.path.splitext(path)
        if ext not in (".txt", ".html", ".pdf", ".docx") or os.path.exists(os.path.join(root, base + ".expected")):
            continue
        out = subprocess.run([nb, "--lang", "zh", "check", "--format", "json", path], cwd=root, capture_output=True)
        human = subprocess.run([nb, "--lang", "en", "check", path], cwd=root, capture_output=True)
        skipped = b"not an annual report, skipped" in human.stderr + human.stdout
        found = json.loads(out.stdout)
        lines = lines_of(open(os.path.join(root, path), encoding="utf-8").read()) if ext == ".txt" else None
        rows = ["read: " + ("skipped" if skipped else "report")]
        for d in found:
            if d["severity"] not in ("warning", "error"):
                continue
            span = "?"
            if lines is not None:
                l = lines[d["line"] - 1]
                span = l[d["column"] - 1 : d["end_column"] - 1] if d["line"] == d["end_line"] else l[d["column"] - 1 :]
                if len(span) > 30:
                    span = span[:30] + "…"
            rows.append("ok %s L%d 「%s」 ~%s | TODO" % (d["code"], d["line"], span, d["message"]))
        with open(os.path.join(root, base + ".expected"), "w", encoding="utf-8") as fh:
            fh.write("\n".join(rows) + "\n")
        print(base + ".expected", len(rows) - 1)
