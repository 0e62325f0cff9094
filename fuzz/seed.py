#!/usr/bin/env python3
"""Builds the seed corpora of the fuzz targets (fuzz/corpus/<target>/) from testdata/, rules/
and docs/. Files are only read and copied (or wrapped as hook inputs): nothing is ever run.

    python3 fuzz/seed.py            # from the repository root or from fuzz/
"""

import hashlib
import json
import re
from pathlib import Path

FUZZ = Path(__file__).resolve().parent
ROOT = FUZZ.parent
CORPUS = FUZZ / "corpus"
TESTDATA = ROOT / "testdata"

KINDS = {
    "shell": [".sh", ".bash"],
    "graphql": [".graphql", ".gql"],
    "markdown": [".md"],
    "json": [".json", ".jsonl"],
    "sql": [".sql"],
}


def put(target: str, data: bytes) -> None:
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)


def fixtures(exts):
    for p in sorted(TESTDATA.rglob("*")):
        if p.is_file() and p.suffix in exts:
            yield p


def shell_lines(text: str):
    """The code lines of a script, one seed each (small seeds mutate well)."""
    for line in text.splitlines():
        s = line.strip()
        if s and not s.startswith("#"):
            yield s


# ----- files, copied as they are -------------------------------------------------------------
for target, exts in KINDS.items():
    for p in fixtures(exts):
        put(target, p.read_bytes())
# CI workflows: found by path (`.github/workflows/*.yml`, `.gitlab-ci.yml`, `*.gitlab-ci.yml`,
# `.circleci/config.yml`, `bitbucket-pipelines.yml`, `azure-pipelines.yml`,
# `.buildkite/pipeline.yml`, `cloudbuild.yaml`)
CI_NAMES = (
    "bitbucket-pipelines.yml",
    "azure-pipelines.yml",
    "azure-pipelines.yaml",
    "cloudbuild.yaml",
    "cloudbuild.yml",
)
for p in sorted(TESTDATA.rglob("*")):
    name = p.name.lower()
    parent = p.parent.name
    in_workflows = parent == "workflows" and p.parent.parent.name == ".github"
    yml = p.suffix in (".yml", ".yaml")
    if p.is_file() and (
        (in_workflows and yml)
        or name.endswith((".gitlab-ci.yml", ".gitlab-ci.yaml"))
        or name in CI_NAMES
        or (name.startswith(("cloudbuild.", "cloudbuild-")) and yml)
        or (parent == ".circleci" and name.startswith("config.") and yml)
        or (parent == ".buildkite" and name.startswith("pipeline") and yml)
        or (parent == ".azure-pipelines" and yml)
    ):
        put("workflow", p.read_bytes())
# YAML of every kind (compose, Taskfile, cloud-init, workflows …): the `yaml` target reads each
# input as every YAML language; cloud-init user data is also found by its name
for p in sorted(TESTDATA.rglob("*")):
    if p.is_file() and (p.suffix in (".yml", ".yaml") or p.name == "user-data"):
        put("yaml", p.read_bytes())
# container and build files: found by name
for p in sorted(TESTDATA.rglob("*")):
    name = p.name.lower()
    if not p.is_file():
        continue
    if name in ("dockerfile", "containerfile") or name.startswith(("dockerfile.", "containerfile.")) or p.suffix.lower() in (".dockerfile", ".containerfile"):
        put("dockerfile", p.read_bytes())
    if name in ("makefile", "gnumakefile", "justfile", ".justfile", "procfile") or name.startswith("procfile.") or p.suffix in (".mk", ".just"):
        put("makefile", p.read_bytes())
# Markdown with fences: the project's own documentation
for md in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
    if md.name != "rules.md":
        put("markdown", md.read_bytes())
# shell files without an extension (scripts followed by other fixtures)
for p in sorted(TESTDATA.rglob("*")):
    if p.is_file() and not p.suffix and p.read_bytes().startswith(b"#!"):
        put("shell", p.read_bytes())

# ----- hook inputs: each agent's shape around fixture commands -------------------------------
commands = []
for p in fixtures([".sh"]):
    text = p.read_text(errors="replace")
    commands.append(text)
    commands.extend(shell_lines(text))
graphql_docs = [p.read_text(errors="replace") for p in fixtures([".graphql"])]


def agent_inputs(command: str):
    bash = {"command": command, "description": "fuzz seed"}
    yield 0, {"hook_event_name": "PreToolUse", "tool_name": "Bash", "tool_input": bash}
    yield 1, {"hook_event_name": "beforeShellExecution", "command": command}
    yield 2, {"hook_event_name": "PreToolUse", "tool_name": "Bash", "tool_input": {"command": command}}
    yield 3, {"hook_event_name": "BeforeTool", "tool_name": "run_shell_command", "tool_input": bash}
    yield 4, {"toolName": "bash", "toolArgs": json.dumps(bash)}


seen = 0
for i, command in enumerate(commands):
    for agent, value in agent_inputs(command):
        # spread the full files over the agents, keep every line for Claude Code
        if len(command) > 200 and agent != i % 5:
            continue
        put("hook", bytes([agent]) + json.dumps(value).encode())
        seen += 1
for doc in graphql_docs:
    put("hook", b"\x00" + json.dumps({"tool_name": "mcp__railway__graphql", "tool_input": {"query": doc}}).encode())
    put("hook", b"\x01" + json.dumps({"hook_event_name": "beforeMCPExecution", "tool_name": "graphql", "tool_input": json.dumps({"query": doc})}).encode())
for name, value in [
    ("Write", {"file_path": "/p/x.sh", "content": "rm -rf /"}),
    ("Edit", {"file_path": "/p/.claude/settings.json", "old_string": "a", "new_string": "b"}),
    ("Bash", {"command": ["bash", "-lc", "git status"]}),
    ("mcp__db__query", {"sql": "TRUNCATE users"}),
]:
    put("hook", b"\x00" + json.dumps({"hook_event_name": "PreToolUse", "tool_name": name, "tool_input": value}).encode())

# ----- configurations and rule packs ---------------------------------------------------------
for md in sorted((ROOT / "docs").glob("*.md")):
    for block in re.findall(r"```toml\n(.*?)```", md.read_text(), re.S):
        put("config", b"\x00" + block.encode())
for pack in sorted((ROOT / "rules").glob("*.toml")):
    put("config", b"\x01" + pack.read_bytes())

for target in sorted(p.name for p in CORPUS.iterdir()):
    print(f"{target}: {len(list((CORPUS / target).iterdir()))} seeds")
