//! A PowerShell script and a cmd.exe batch file, as `preflight check x.ps1` (`x.bat`) reads them,
//! and the same text nested in `pwsh -Command` and `-EncodedCommand` of a shell script.
#![no_main]

use libfuzzer_sys::fuzz_target;
use preflight::fuzzing::{Target, run};

fuzz_target!(|data: &[u8]| run(Target::PowerShell, data));
