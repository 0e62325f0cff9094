//! A Makefile, a justfile and a Procfile, as `preflight check Makefile` (`justfile`, `Procfile`) reads them.
#![no_main]

use libfuzzer_sys::fuzz_target;
use preflight::fuzzing::{Target, run};

fuzz_target!(|data: &[u8]| run(Target::Makefile, data));
