//! A YAML file, read as every language whose files are YAML (compose, Taskfile, cloud-init, CI
//! workflows …), as `preflight check docker-compose.yml` reads each.
#![no_main]

use libfuzzer_sys::fuzz_target;
use preflight::fuzzing::{Target, run};

fuzz_target!(|data: &[u8]| run(Target::Yaml, data));
