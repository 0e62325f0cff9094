#!/usr/bin/env bash
# make-oneliners.sh — real one-line shell commands, as an agent would send them to
# `preflight hook`, taken from installable packages; the one-liner part of scripts/noise.sh
# (docs/precision.md). Sibling of ../shared/bench/make-corpus.sh and scripts/make-infra-corpus.sh.
#
# Usage: scripts/make-oneliners.sh [DIR]          (default /tmp/preflight-oneliners)
# Env:
#   INFRA=DIR       the corpus of scripts/make-infra-corpus.sh, whose CI workflow `run:` one-liners
#                   and package.json scripts become ci.txt and npm-scripts.txt (default
#                   $PREFLIGHT_INFRA_CORPUS or /tmp/preflight-infra-corpus; INFRA=none skips them)
#   STAGE_DIR=DIR   keep the downloads there and reuse them (default: a temporary dir)
#
# Output: DIR/<list>.txt, one command per line, deduplicated across the lists (the first list
# that has a command keeps it), and DIR/SOURCES.tsv (list, package, version, commands).
#   nl2bash.txt      NL2Bash commands as shipped on PyPI: the `gold` and `gold2` commands of the
#                    InterCode-ALFA benchmark (icalfa, assets/datasets/nl2bash_fs_*.json) and the
#                    `gold` commands of InterCode (intercode-bench, assets/datasets/bash_queries.json).
#                    Both are NL2Bash tasks (TellinaTool/nl2bash) adapted to a test file system. No
#                    PyPI, npm or Debian package ships NL2Bash's own all.cm (nl2bash, tellina and
#                    nlc2cmd are not on PyPI), so these are the NL2Bash commands a registry has.
#   git.txt          ordinary git: every `$ git …` example line of Debian's git-doc (the manual
#                    pages' text sources), placeholders (`<commit>`, `[<options>]`, `...`) left out.
#   kubectl.txt      read-only kubectl: the EXAMPLE lines of the manual pages in Debian's
#                    kubernetes-client whose verb only reads (get, describe, logs, top, explain,
#                    api-resources, api-versions, cluster-info, version, events, diff, auth can-i,
#                    config view/get-contexts/current-context/get-clusters).
#   aws.txt          read-only AWS CLI: the example commands shipped in the awscli wheel
#                    (awscli/examples/SERVICE/OP.rst) for describe-*/list-*/get-* operations and
#                    `s3 ls`, of 20 common services, at most 10 operations each (sorted by name).
#   ci.txt           build, test and package-manager commands: the one-line `run:` steps of the CI
#                    workflows in the infra corpus (crates, npm, PyPI and Debian packages), quoted
#                    scalars unquoted, steps with `${{ … }}` expressions left out.
#   npm-scripts.txt  the one-line "scripts" of the package.json files in the infra corpus.
# There is no gcloud list: the Google Cloud CLI is in none of the registries reached here.
#
# Downloads: `pip download --no-deps --only-binary :all:` (a wheel is a zip: nothing is built,
# installed or run) and `apt-get download` + `dpkg-deb -x` (no maintainer script runs).
# Safety: the commands are other people's real commands, some of which delete things. This script
# only reads them out of archives with Python and writes them as text; nothing here runs, sources
# or evaluates them, nor passes them through a shell. Hand them only to preflight, as data.
set -euo pipefail
export LC_ALL=C

DIR=${1:-/tmp/preflight-oneliners}
INFRA=${INFRA:-${PREFLIGHT_INFRA_CORPUS:-/tmp/preflight-infra-corpus}}
WHEELS=(icalfa==0.3.6 intercode-bench==0.1.22 awscli==1.46.2)
DEBS=(git-doc kubernetes-client)

if [[ -n ${STAGE_DIR:-} ]]; then
  STAGE=$STAGE_DIR; mkdir -p "$STAGE"
else
  STAGE=$(mktemp -d "${TMPDIR:-/tmp}/oneliners-stage.XXXXXX")
  trap 'rm -rf "$STAGE"' EXIT
fi
mkdir -p "$STAGE/whl" "$STAGE/debs" "$STAGE/deb"

if [[ ! -e $STAGE/.fetched ]]; then
  pip download --quiet --no-deps --only-binary :all: -d "$STAGE/whl" "${WHEELS[@]}" > /dev/null
  ( cd "$STAGE/debs" && apt-get download -qq "${DEBS[@]}" 2>&1 | { grep -v -e unsandboxed -e '^$' || true; } )
  for d in "$STAGE"/debs/*.deb; do
    p=$(basename "$d"); p=${p%%_*}
    mkdir -p "$STAGE/deb/$p" && dpkg-deb -x "$d" "$STAGE/deb/$p"
  done
  touch "$STAGE/.fetched"
fi
[[ -d $INFRA ]] || INFRA=none

rm -rf "$DIR"
mkdir -p "$DIR"
python3 - "$STAGE" "$DIR" "$INFRA" <<'PY'
import glob, gzip, json, os, re, sys, zipfile

stage, out, infra = sys.argv[1:4]
lists = {}      # name -> [commands]
sources = []    # (list, package, version)
seen = set()
count = {}      # package -> commands it added

def add(name, cmd, src):
    cmd = cmd.strip()
    # one line, printable, of a sensible length
    if not cmd or "\n" in cmd or "\r" in cmd or len(cmd) > 1000 or "\0" in cmd:
        return
    lists.setdefault(name, [])
    if cmd in seen:
        return
    seen.add(cmd)
    lists[name].append(cmd)
    count[src] = count.get(src, 0) + 1

def wheel(prefix):
    (w,) = glob.glob(os.path.join(stage, "whl", prefix + "-*.whl"))
    version = os.path.basename(w).split("-")[1]
    return zipfile.ZipFile(w), version

def deb_version(pkg):
    (d,) = glob.glob(os.path.join(stage, "debs", pkg + "_*.deb"))
    return os.path.basename(d).split("_")[1].replace("%3a", ":")

PLACEHOLDER = re.compile(r"<[A-Za-z][A-Za-z0-9_ ./|-]*>|\[[-A-Za-z<]|\.\.\.(?!/)|\[[A-Z_]+\]")

# --- NL2Bash (InterCode-ALFA and InterCode) ---------------------------------------------------
z, v = wheel("icalfa")
for n in sorted(n for n in z.namelist() if re.search(r"datasets/nl2bash_fs_\d+\.json$", n)):
    for e in json.loads(z.read(n)):
        for k in ("gold", "gold2"):
            if isinstance(e.get(k), str):
                add("nl2bash", e[k], "icalfa (PyPI)")
sources.append(("nl2bash", "icalfa (PyPI)", v))
z, v = wheel("intercode_bench")
for e in json.loads(z.read("intercode/assets/datasets/bash_queries.json")):
    if isinstance(e.get("gold"), str):
        add("nl2bash", e["gold"], "intercode-bench (PyPI)")
sources.append(("nl2bash", "intercode-bench (PyPI)", v))

# --- git: `$ git …` example lines of git-doc ------------------------------------------------
for f in sorted(glob.glob(os.path.join(stage, "deb/git-doc/usr/share/doc/git-doc/*.txt"))):
    with open(f, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            m = re.match(r"^\$ (git .*)$", line.rstrip("\n"))
            if not m:
                continue
            cmd = re.sub(r"(\s+<\d+>)+\s*$", "", m.group(1)).rstrip()   # asciidoc callouts
            if cmd.endswith("\\") or PLACEHOLDER.search(cmd):
                continue
            add("git", cmd, "git-doc (Debian)")
sources.append(("git", "git-doc (Debian)", deb_version("git-doc")))

# --- kubectl: read-only EXAMPLE lines of kubernetes-client's manual pages ----------------------
READ_KUBECTL = re.compile(
    r"^kubectl( -{1,2}[a-z-]+(=| )\S+)* (get|describe|logs|top|explain|api-resources|api-versions"
    r"|cluster-info|version|events|diff|auth can-i|config (view|get-contexts|current-context|get-clusters))\b")
def unroff(s):
    s = s.replace("\\(aq", "'").replace("\\(dq", '"').replace("\\&", "").replace("\\-", "-")
    s = re.sub(r"\\f[BIRP]", "", s)
    return s.replace("\\\\", "\\")
for f in sorted(glob.glob(os.path.join(stage, "deb/kubernetes-client/usr/share/man/man1/kubectl*.1.gz"))):
    text = gzip.open(f, "rt", encoding="utf-8", errors="replace").read()
    m = re.search(r"^\.SH EXAMPLE\n(.*?)(^\.SH |\Z)", text, re.S | re.M)
    if not m:
        continue
    lines = [unroff(l) for l in m.group(1).split("\n")]
    i = 0
    while i < len(lines):
        cmd = lines[i].strip()
        while cmd.endswith("\\") and i + 1 < len(lines):   # continued: joined into one line
            i += 1
            cmd = cmd[:-1].rstrip() + " " + lines[i].strip()
        i += 1
        if cmd.startswith("kubectl ") and READ_KUBECTL.match(cmd) and not PLACEHOLDER.search(cmd):
            add("kubectl", cmd, "kubernetes-client (Debian)")
sources.append(("kubectl", "kubernetes-client (Debian)", deb_version("kubernetes-client")))

# --- aws: read-only examples shipped in the awscli wheel -----------------------------------------
SERVICES = ["s3", "s3api", "ec2", "iam", "lambda", "rds", "ecs", "eks", "ecr", "cloudformation",
            "logs", "cloudwatch", "sts", "dynamodb", "route53", "sqs", "sns", "secretsmanager",
            "ssm", "elbv2"]
z, v = wheel("awscli")
names = set(z.namelist())
for svc in SERVICES:
    ops = sorted(n for n in names if re.fullmatch(r"awscli/examples/%s/((describe|list|get)-[a-z0-9-]+|ls)\.rst" % re.escape(svc), n))
    for n in ops[:10]:
        lines = z.read(n).decode("utf-8", "replace").split("\n")
        i = 0
        while i < len(lines):
            cmd = lines[i].strip()
            while cmd.endswith("\\") and i + 1 < len(lines):
                i += 1
                cmd = cmd[:-1].rstrip() + " " + lines[i].strip()
            i += 1
            if re.match(r"aws %s (describe-|list-|get-|ls\b)" % re.escape(svc), cmd) and not PLACEHOLDER.search(cmd):
                add("aws", re.sub(r"\s+", " ", cmd), "awscli (PyPI)")
sources.append(("aws", "awscli (PyPI)", v))

# --- CI workflow one-line `run:` steps and package.json scripts of the infra corpus ------------
def yaml_scalar(s):
    """A one-line YAML scalar: quoted ones unquoted, a plain one cut at a ` #` comment."""
    s = s.strip()
    if s.startswith('"'):
        m = re.match(r'^"((?:[^"\\]|\\.)*)"\s*(#.*)?$', s)
        if not m:
            return None
        try:
            return json.loads('"' + m.group(1) + '"')
        except ValueError:
            return None
    if s.startswith("'"):
        m = re.match(r"^'((?:[^']|'')*)'\s*(#.*)?$", s)
        return m.group(1).replace("''", "'") if m else None
    if s[:1] in "|>[{&*!%@`":
        return None
    return re.split(r"\s#", s, 1)[0].rstrip()

CI = "infra corpus: workflow/ (scripts/make-infra-corpus.sh)"
NPM = "infra corpus: package-json/ (scripts/make-infra-corpus.sh)"
if infra != "none":
    def files(sub, pattern):   # (glob's ** skips .github: walk instead)
        found = []
        for root, dirs, names in os.walk(os.path.join(infra, sub)):
            found += [os.path.join(root, n) for n in names if re.fullmatch(pattern, n)]
        return sorted(found)
    for f in files("workflow", r".*\.ya?ml"):
        with open(f, encoding="utf-8", errors="replace") as fh:
            for line in fh:
                m = re.match(r"^\s*(?:-\s+)?run:\s+(\S.*)$", line.rstrip("\n"))
                if not m:
                    continue
                cmd = yaml_scalar(m.group(1))
                if cmd and "${{" not in cmd:
                    add("ci", cmd, CI)
    sources.append(("ci", CI, "-"))
    for f in files("package-json", r"package\.json"):
        try:
            scripts = json.load(open(f, encoding="utf-8")).get("scripts") or {}
        except (ValueError, AttributeError):
            continue
        if isinstance(scripts, dict):
            for k in sorted(scripts):
                if isinstance(scripts[k], str):
                    add("npm-scripts", scripts[k], NPM)
    sources.append(("npm-scripts", NPM, "-"))

with open(os.path.join(out, "SOURCES.tsv"), "w") as fh:
    fh.write("list\tpackage\tversion\tcommands\n")
    for name, pkg, ver in sources:
        fh.write(f"{name}\t{pkg}\t{ver}\t{count.get(pkg, 0)}\n")
total = 0
for name, cmds in lists.items():
    with open(os.path.join(out, name + ".txt"), "w", encoding="utf-8") as fh:
        fh.write("".join(c + "\n" for c in cmds))
    print(f"{name + '.txt':18} {len(cmds):5} commands")
    total += len(cmds)
print(f"total: {total} commands -> {out}")
PY
