//! The GitHub Actions workflow `init --github-actions` writes: install preflight, check the
//! repository, show each finding as an annotation (docs/integrations.md, "Annotations").

/// Where it goes, relative to the project.
pub const PATH: &str = ".github/workflows/preflight.yml";

pub fn text() -> String {
    format!(
        "# preflight: reports destructive operations and unverified environment assumptions in the
# repository's scripts, plans and infra files. Findings show as annotations on the pull request.
# Code scanning (SARIF) instead: see docs/integrations.md in {repo}.
name: preflight
on:
  push:
    branches: [main]
  pull_request:

permissions:
  contents: read

jobs:
  preflight:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Install preflight
        run: cargo install --locked --git {repo} preflight
      - name: Run preflight
        run: preflight check --format github .
",
        repo = super::precommit::REPO
    )
}
