//! A Markdown agent plan, as `preflight check plan.md` reads it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use preflight::fuzzing::{Target, run};

fuzz_target!(|data: &[u8]| run(Target::Markdown, data));
