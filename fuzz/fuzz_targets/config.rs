//! A `preflight.toml` (first byte even) or a user rule pack (odd).
#![no_main]

use libfuzzer_sys::fuzz_target;
use preflight::fuzzing::{Target, run};

fuzz_target!(|data: &[u8]| run(Target::Config, data));
