//! A real editor as the client: Neovim (Debian's package), headless, opens a destructive script
//! with `preflight lsp` as its language server and reads back `vim.diagnostic.get()`; applies
//! preflight's code action through Neovim's own workspace-edit code; then replaces the text with
//! a harmless one and waits for the diagnostics to clear.
//!
//! Skipped when `nvim` is not installed, unless `PREFLIGHT_REQUIRE_NVIM=1` (as in CI).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_preflight");

/// Runs in Neovim: attaches preflight to the current buffer, records what it sees into the JSON
/// file `$PREFLIGHT_OUT`, and quits.
const SCRIPT: &str = r#"
local out = {}
local function finish()
  local f = assert(io.open(vim.env.PREFLIGHT_OUT, 'w'))
  f:write(vim.json.encode(out))
  f:close()
  vim.cmd('qall!')
end
local function codes()
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do
    table.insert(list, { code = d.code, lnum = d.lnum, col = d.col, severity = d.severity, message = d.message })
  end
  table.sort(list, function(a, b) return a.lnum < b.lnum or (a.lnum == b.lnum and a.code < b.code) end)
  return list
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(vim.env.PREFLIGHT_FILE))
  out.filetype = vim.bo.filetype
  local id = vim.lsp.start_client({
    name = 'preflight',
    cmd = { vim.env.PREFLIGHT_BIN, 'lsp' },
    root_dir = vim.env.PREFLIGHT_ROOT,
  })
  out.attached = vim.lsp.buf_attach_client(0, id)
  out.published = vim.wait(30000, function() return #vim.diagnostic.get(0) > 0 end, 20)
  out.diagnostics = codes()

  -- the code action for the first error, applied the way Neovim applies any edit
  local first = vim.diagnostic.get(0, { severity = vim.diagnostic.severity.ERROR })[1]
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(0),
    range = { start = { line = first.lnum, character = first.col }, ['end'] = { line = first.end_lnum, character = first.end_col } },
    context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(0, first.lnum) },
  }
  local answers = vim.lsp.buf_request_sync(0, 'textDocument/codeAction', params, 30000) or {}
  out.action_error = (answers[id] or {}).err or vim.NIL
  local actions = (answers[id] or {}).result or {}
  out.actions = {}
  for _, a in ipairs(actions) do table.insert(out.actions, a.title) end
  out.suppressed_code = first.code
  vim.lsp.util.apply_workspace_edit(actions[1].edit, 'utf-16')
  out.after_action_text = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
  -- republished: the other findings moved down a line, the suppressed one is gone
  out.suppressed = vim.wait(30000, function()
    local moved = false
    for _, d in ipairs(vim.diagnostic.get(0)) do
      if d.code == first.code then return false end
      if d.lnum == #vim.api.nvim_buf_get_lines(0, 0, -1, false) - 1 then moved = true end
    end
    return moved
  end, 20)
  out.after_action = codes()

  -- hover on a remaining finding
  local rest = vim.diagnostic.get(0)[1]
  if rest then
    local hover = vim.lsp.buf_request_sync(0, 'textDocument/hover', {
      textDocument = vim.lsp.util.make_text_document_params(0),
      position = { line = rest.lnum, character = rest.col },
    }, 30000) or {}
    local r = (hover[id] or {}).result
    out.hover = r and r.contents and r.contents.value or vim.NIL
  end

  -- the text fixed: every diagnostic goes away
  vim.api.nvim_buf_set_lines(0, 0, -1, false, { '#!/bin/sh', 'echo nothing to delete' })
  out.cleared = vim.wait(30000, function() return #vim.diagnostic.get(0) == 0 end, 20)
end)
out.ok = ok
out.error = err and tostring(err) or vim.NIL
finish()
"#;

fn nvim_available() -> bool {
    let found = Command::new("nvim")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        assert!(
            std::env::var_os("PREFLIGHT_REQUIRE_NVIM").is_none(),
            "PREFLIGHT_REQUIRE_NVIM is set but nvim is not installed"
        );
        eprintln!("nvim not installed: skipped (install Debian's `neovim` to run this test)");
    }
    found
}

fn run_neovim(root: &Path, file: &Path) -> Value {
    let script = root.join("preflight-test.lua");
    std::fs::write(&script, SCRIPT).unwrap();
    let out = root.join("result.json");
    let mut child = Command::new("nvim")
        .args(["--headless", "--clean", "-n", "-i", "NONE"])
        .arg("-c")
        .arg(format!("luafile {}", script.display()))
        .env("PREFLIGHT_BIN", BIN)
        .env("PREFLIGHT_FILE", file)
        .env("PREFLIGHT_ROOT", root)
        .env("PREFLIGHT_OUT", &out)
        .env("XDG_CONFIG_HOME", root.join("xdg-config"))
        .env("XDG_DATA_HOME", root.join("xdg-data"))
        .env("XDG_STATE_HOME", root.join("xdg-state"))
        .current_dir(root)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if started.elapsed() > Duration::from_secs(180) {
            let _ = child.kill();
            panic!("Neovim did not finish in 180 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let text = std::fs::read_to_string(&out).expect("Neovim wrote no result");
    serde_json::from_str(&text).unwrap()
}

#[test]
fn neovim_shows_the_findings_applies_the_suppression_and_clears_them() {
    if !nvim_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let file = root.join("cleanup.sh");
    std::fs::write(
        &file,
        "#!/bin/bash\nset -e\nrm -rf /\nkubectl delete namespace production\ngit push --force origin main\n",
    )
    .unwrap();
    let r = run_neovim(root, &file);
    assert_eq!(r["ok"], true, "Lua error: {}; {r}", r["error"]);
    assert_eq!(r["filetype"], "sh");
    assert_eq!(r["attached"], true);
    assert_eq!(r["published"], true, "no diagnostics within 30 s: {r}");
    let diags = r["diagnostics"].as_array().unwrap();
    let find = |code: &str| diags.iter().find(|d| d["code"] == code);
    let rm = find("rm-recursive-root").unwrap_or_else(|| panic!("{diags:?}"));
    assert_eq!((rm["lnum"].as_u64(), rm["col"].as_u64()), (Some(2), Some(0)));
    assert_eq!(rm["severity"], 1, "vim.diagnostic.severity.ERROR");
    assert!(
        diags
            .iter()
            .any(|d| d["code"].as_str().unwrap().starts_with("kubectl-delete")),
        "{diags:?}"
    );
    assert!(
        diags
            .iter()
            .any(|d| d["code"].as_str().unwrap().starts_with("git-push-force")),
        "{diags:?}"
    );

    // the same findings `preflight check` reports
    let cli = Command::new(BIN)
        .args(["check", "--format", "json", "cleanup.sh"])
        .current_dir(root)
        .output()
        .unwrap();
    let cli: Value = serde_json::from_slice(&cli.stdout).unwrap();
    let mut from_cli: Vec<(String, u64)> = cli["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["rule"].as_str().unwrap().to_owned(), d["line"].as_u64().unwrap() - 1))
        .collect();
    let mut from_nvim: Vec<(String, u64)> = diags
        .iter()
        .map(|d| (d["code"].as_str().unwrap().to_owned(), d["lnum"].as_u64().unwrap()))
        .collect();
    from_cli.sort();
    from_nvim.sort();
    assert_eq!(from_nvim, from_cli);

    let actions: Vec<&str> = r["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert!(actions[0].contains("here"), "{actions:?}");
    let code = r["suppressed_code"].as_str().unwrap();
    assert!(
        r["after_action_text"]
            .as_str()
            .unwrap()
            .contains(&format!("# preflight: ignore[{code}]\nrm -rf /")),
        "{}",
        r["after_action_text"]
    );
    assert_eq!(r["suppressed"], true, "the suppressed finding stayed: {r}");
    let hover = r["hover"].as_str().unwrap_or_else(|| panic!("no hover: {r}"));
    assert!(hover.contains("**Instead:**"), "{hover}");
    assert_eq!(r["cleared"], true, "diagnostics did not clear: {r}");
}
