//! A CI workflow (GitHub Actions or GitLab CI YAML), as `preflight check .gitlab-ci.yml` reads it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use preflight::fuzzing::{Target, run};

fuzz_target!(|data: &[u8]| run(Target::Workflow, data));
