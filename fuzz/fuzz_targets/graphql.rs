//! A GraphQL document, as `preflight check x.graphql` reads it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use preflight::fuzzing::{Target, run};

fuzz_target!(|data: &[u8]| run(Target::Graphql, data));
