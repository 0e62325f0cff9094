//! An agent log or request body, read both as one JSON document and as JSON Lines.
#![no_main]

use libfuzzer_sys::fuzz_target;
use preflight::fuzzing::{Target, run};

fuzz_target!(|data: &[u8]| run(Target::Json, data));
