//! Hook standard input: the first byte picks the agent (mod 5) and `--strict` (bit 7).
#![no_main]

use libfuzzer_sys::fuzz_target;
use preflight::fuzzing::{Target, run};

fuzz_target!(|data: &[u8]| run(Target::Hook, data));
