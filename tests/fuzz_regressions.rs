//! Inputs the fuzz targets (`fuzz/`, see `docs/fuzzing.md`) once crashed, hung or panicked on:
//! `tests/fuzz-regressions/<target>/*`, each run through the same entry point as its target
//! (`preflight::fuzzing::run`), which asserts what must hold for any input. The files are only
//! ever handed to preflight, never run.

use std::path::Path;
use std::time::Instant;

use preflight::fuzzing::{Target, run};

#[test]
fn fuzz_findings_stay_fixed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut ran = 0;
    for target in Target::ALL {
        let dir = root.join(target.name());
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        let mut files: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
        files.sort();
        for path in files
            .into_iter()
            .filter(|p| p.is_file() && p.extension().is_none_or(|e| e != "md"))
        {
            let data = std::fs::read(&path).unwrap();
            let started = Instant::now();
            // a 16 MiB stack, as the CLI's worker threads have: a regression must not need more
            let t = target;
            std::thread::Builder::new()
                .stack_size(16 * 1024 * 1024)
                .spawn(move || run(t, &data))
                .unwrap()
                .join()
                .unwrap_or_else(|_| panic!("{} panicked", path.display()));
            eprintln!("{}: {:?}", path.display(), started.elapsed());
            ran += 1;
        }
    }
    eprintln!("{ran} regression inputs");
    assert!(ran >= 2, "the regression inputs were found: {ran}");
}

#[test]
fn every_target_has_a_name() {
    for t in Target::ALL {
        assert_eq!(Target::from_name(t.name()), Some(t));
    }
}

#[test]
fn yaml_and_json_targets_read_every_language_of_their_files() {
    use preflight::fuzzing::langs_of;
    use preflight::lang::Lang;
    let yaml = langs_of(&["yml", "yaml"]);
    for l in [Lang::Workflow, Lang::Compose, Lang::Taskfile, Lang::CloudInit] {
        assert!(yaml.contains(&l), "{l} is YAML");
    }
    let json = langs_of(&["json"]);
    for l in [Lang::Json, Lang::PackageJson, Lang::Devcontainer] {
        assert!(json.contains(&l), "{l} is JSON");
    }
    assert!(!yaml.contains(&Lang::Shell) && !json.contains(&Lang::Markdown));
}
