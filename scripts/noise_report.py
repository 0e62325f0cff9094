#!/usr/bin/env python3
"""Summarise a noise run of preflight as Markdown (called by scripts/noise.sh; docs/precision.md).

    noise_report.py --parts PARTS.tsv --bin PREFLIGHT [--oneliners DIR] [--sample N] [--jobs N]

PARTS.tsv has one line per corpus part: NAME, DIR, JSON (the output of
`preflight check --format json` over DIR). For each part the report gives the files, the MB, the
files that fail at the default level (a finding at warning or error), and the findings per MB by
severity; then the rules by severity with counts and rates; then a deterministic sample of the
warning and error findings, with the line they point at.

With --oneliners, every DIR/*.txt (one command per line) is sent to `PREFLIGHT hook claude-code` as
a Claude Code PreToolUse Bash call, one process per command, from an empty temporary directory;
the answers (no objection, ask, deny) are counted per list and every ask and deny is listed.
The commands are only data: each goes to preflight as a JSON string on standard input (built with
json.dumps); nothing here runs them or hands them to a shell.
"""
import argparse
import collections
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile

FAILING = ("error", "warning")
SEVERITIES = ("error", "warning", "info")


def md(s):
    """Text for a Markdown table cell."""
    s = s.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
    return s


def code(s, limit=200):
    """A code span for a table cell, whatever backticks the text holds."""
    s = s if len(s) <= limit else s[: limit - 1] + "…"
    s = s.replace("|", "\\|").replace("\n", " ")
    ticks = max((len(t) for t in re.findall(r"`+", s)), default=0) + 1
    pad = " " if s.startswith("`") or s.endswith("`") or s.startswith(" ") else ""
    return "`" * ticks + pad + s + pad + "`" * ticks


def dir_size(d):
    files = size = 0
    for root, _, names in os.walk(d):
        for n in names:
            p = os.path.join(root, n)
            if os.path.isfile(p) and not os.path.islink(p):
                files += 1
                size += os.path.getsize(p)
    return files, size


def source_line(path, line):
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            for i, text in enumerate(fh, 1):
                if i == line:
                    return text.strip()
    except OSError:
        pass
    return ""


def spread(items, n):
    """n items spread evenly over a sorted list (first, …, last): a deterministic sample."""
    if len(items) <= n:
        return items
    if n == 1:
        return items[:1]
    return [items[round(i * (len(items) - 1) / (n - 1))] for i in range(n)]


def check_report(parts, sample):
    out = []
    rows = []
    by_rule = collections.defaultdict(lambda: {"n": 0, "files": set(), "parts": collections.Counter(),
                                               "category": ""})
    found = collections.defaultdict(list)   # (rule, severity) -> findings at warning/error
    total = {"files": 0, "read": 0, "bytes": 0, "failing": 0,
             **{s: 0 for s in SEVERITIES}}
    for name, d, js in parts:
        files, size = dir_size(d)
        with open(js, encoding="utf-8") as fh:
            doc = json.load(fh)
        read = doc["summary"]["files"]
        sev = collections.Counter()
        failing = set()
        for f in doc["diagnostics"]:
            sev[f["severity"]] += 1
            key = (f["rule"], f["severity"])
            r = by_rule[key]
            r["n"] += 1
            r["files"].add(f["file"])
            r["parts"][name] += 1
            r["category"] = f["category"]
            if f["severity"] in FAILING:
                failing.add(f["file"])
                found[key].append((os.path.relpath(f["file"], d), f["line"], f["message"], f["file"], name))
        mb = size / 1e6
        rows.append((name, files, read, mb, len(failing), sev))
        total["files"] += files
        total["read"] += read
        total["bytes"] += size
        total["failing"] += len(failing)
        for s in SEVERITIES:
            total[s] += sev[s]
    total_mb = total["bytes"] / 1e6

    def rate(n, mb):
        return f"{n / mb:.1f}" if mb > 0 else "–"

    def share(k, n):
        return f"{100 * k / n:.1f} %" if n else "–"

    out.append("| part | files | read by preflight | MB | failing files (warning or error) | share failing | errors / MB | warnings / MB | infos / MB |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, files, read, mb, failing, sev in rows:
        out.append(f"| {name} | {files} | {read} | {mb:.2f} | {failing} | {share(failing, read)} | "
                   f"{rate(sev['error'], mb)} | {rate(sev['warning'], mb)} | {rate(sev['info'], mb)} |")
    out.append(f"| **all** | {total['files']} | {total['read']} | {total_mb:.2f} | {total['failing']} | "
               f"{share(total['failing'], total['read'])} | {rate(total['error'], total_mb)} | "
               f"{rate(total['warning'], total_mb)} | {rate(total['info'], total_mb)} |")
    out.append("")
    out.append("Share failing is of the files preflight read (files it recognises); MB is the whole part.")
    out.append("")

    order = {s: i for i, s in enumerate(SEVERITIES)}
    keys = sorted(by_rule, key=lambda k: (order.get(k[1], 9), -by_rule[k]["n"], k[0]))
    out.append("### Rules at warning and error")
    out.append("")
    out.append(f"Per MB is over all {total_mb:.2f} MB.")
    out.append("")
    out.append("| rule | severity | category | findings | files | per MB | parts (findings) |")
    out.append("|---|---|---|---:|---:|---:|---|")
    for k in keys:
        if k[1] not in FAILING:
            continue
        r = by_rule[k]
        parts_s = ", ".join(f"{p} {n}" for p, n in sorted(r["parts"].items(), key=lambda x: (-x[1], x[0])))
        out.append(f"| `{k[0]}` | {k[1]} | {r['category']} | {r['n']} | {len(r['files'])} | "
                   f"{rate(r['n'], total_mb)} | {parts_s} |")
    out.append("")
    out.append("### Rules at info (they do not fail a file)")
    out.append("")
    out.append("| rule | category | findings | files | per MB | parts (findings) |")
    out.append("|---|---|---:|---:|---:|---|")
    for k in keys:
        if k[1] in FAILING:
            continue
        r = by_rule[k]
        parts_s = ", ".join(f"{p} {n}" for p, n in sorted(r["parts"].items(), key=lambda x: (-x[1], x[0])))
        out.append(f"| `{k[0]}` | {r['category']} | {r['n']} | {len(r['files'])} | {rate(r['n'], total_mb)} | {parts_s} |")
    out.append("")

    out.append(f"### Sample of warning and error findings (up to {sample} per rule, spread over the sorted files)")
    out.append("")
    for k in keys:
        if k[1] not in FAILING:
            continue
        items = sorted(found[k], key=lambda x: (x[4], x[0], x[1]))
        # one finding per file, then spread over the files
        firsts, seen = [], set()
        for it in items:
            if (it[4], it[0]) not in seen:
                seen.add((it[4], it[0]))
                firsts.append(it)
        out.append(f"**`{k[0]}`** ({k[1]}, {len(items)} findings in {len(firsts)} files)")
        out.append("")
        out.append("```text")
        for rel, line, msg, path, part in spread(firsts, sample):
            src = source_line(path, line)
            src = src if len(src) <= 160 else src[:159] + "…"
            out.append(f"{part}/{rel}:{line}: {msg}")
            out.append(f"    {src}")
        out.append("```")
        out.append("")
    return out


def hook_one(binary, cwd, cmd):
    payload = json.dumps({"session_id": "noise", "cwd": cwd, "hook_event_name": "PreToolUse",
                          "tool_name": "Bash", "tool_input": {"command": cmd}})
    try:
        # thousands of one-liners: kept out of the user's decision log
        p = subprocess.run([binary, "hook", "claude-code"], input=payload.encode(), cwd=cwd,
                           capture_output=True, timeout=60, env={**os.environ, "PREFLIGHT_LOG": "off"})
    except subprocess.TimeoutExpired:
        return "failed", [], "timeout"
    if p.returncode != 0:
        return "failed", [], p.stderr.decode(errors="replace").strip()[:300]
    try:
        ans = json.loads(p.stdout or b"{}")
    except ValueError:
        return "failed", [], "unreadable answer"
    out = ans.get("hookSpecificOutput") or {}
    decision = out.get("permissionDecision") or "allow"
    reason = out.get("permissionDecisionReason", "")
    rules = re.findall(r"^- ([a-z0-9-]+) \(([a-z]+) ([a-z]+)\)", reason, re.M)
    return decision, rules, ""


def hook_report(binary, directory, jobs):
    out = []
    lists = sorted(f for f in os.listdir(directory) if f.endswith(".txt"))
    with tempfile.TemporaryDirectory(prefix="preflight-noise-cwd.") as cwd:
        results = {}
        for name in lists:
            with open(os.path.join(directory, name), encoding="utf-8") as fh:
                cmds = [l.rstrip("\n") for l in fh if l.strip()]
            with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
                answers = list(ex.map(lambda c: hook_one(binary, cwd, c), cmds))
            results[name[:-4]] = list(zip(cmds, answers))
    total = collections.Counter()
    out.append("| list | commands | no objection | ask | deny | hook failed |")
    out.append("|---|---:|---:|---:|---:|---:|")
    for name, rs in results.items():
        c = collections.Counter(a[0] for _, a in rs)
        total.update(c)
        total["commands"] += len(rs)
        out.append(f"| {name} | {len(rs)} | {c['allow']} | {c['ask']} | {c['deny']} | {c['failed']} |")
    out.append(f"| **all** | {total['commands']} | {total['allow']} | {total['ask']} | {total['deny']} | {total['failed']} |")
    out.append("")
    out.append("Rules behind the asks and denies:")
    out.append("")
    out.append("| rule | category | severity | commands | lists |")
    out.append("|---|---|---|---:|---|")
    rc = collections.defaultdict(collections.Counter)
    for name, rs in results.items():
        for _, (dec, rules, _) in rs:
            if dec in ("ask", "deny"):
                for r in set(rules):
                    rc[r][name] += 1
    for r, c in sorted(rc.items(), key=lambda x: (-sum(x[1].values()), x[0])):
        out.append(f"| `{r[0]}` | {r[1]} | {r[2]} | {sum(c.values())} | "
                   + ", ".join(f"{n} {k}" for n, k in sorted(c.items())) + " |")
    out.append("")
    out.append("Every ask and deny:")
    out.append("")
    out.append("| list | answer | rules | command |")
    out.append("|---|---|---|---|")
    for name, rs in results.items():
        for cmd, (dec, rules, err) in rs:
            if dec == "allow":
                continue
            rule_s = ", ".join(r[0] for r in rules) or md(err)
            out.append(f"| {name} | {dec} | {rule_s} | {code(cmd)} |")
    out.append("")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--parts", required=True)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--oneliners")
    ap.add_argument("--sample", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    parts = []
    with open(a.parts, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                parts.append(tuple(line.rstrip("\n").split("\t")))
    out = []
    version = subprocess.run([a.bin, "--version"], capture_output=True, text=True).stdout.strip()
    out.append(f"## Noise of {version}: `preflight check --format json --no-config` at the default level (`--fail-on warning`)")
    out.append("")
    out += check_report(parts, a.sample)
    if a.oneliners:
        out.append(f"## Agent hook on real one-liners: `preflight hook claude-code`")
        out.append("")
        out += hook_report(a.bin, a.oneliners, a.jobs)
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
