//! A Dockerfile or Containerfile, as `preflight check Dockerfile` reads it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use preflight::fuzzing::{Target, run};

fuzz_target!(|data: &[u8]| run(Target::Dockerfile, data));
