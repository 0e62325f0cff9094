//! Starts `preflight lsp` for the languages in `extension.toml`. preflight itself is not
//! downloaded: it must be on the `PATH` of the worktree (`cargo install --path .` in a checkout).

use zed_extension_api::{self as zed, LanguageServerId, Result};

struct Preflight;

impl zed::Extension for Preflight {
    fn new() -> Self {
        Preflight
    }

    fn language_server_command(&mut self, _id: &LanguageServerId, worktree: &zed::Worktree) -> Result<zed::Command> {
        let command = worktree
            .which("preflight")
            .ok_or_else(|| "preflight is not on the PATH: install it with `cargo install --path .` in its checkout".to_string())?;
        Ok(zed::Command {
            command,
            args: vec!["lsp".into()],
            env: worktree.shell_env(),
        })
    }
}

zed::register_extension!(Preflight);
