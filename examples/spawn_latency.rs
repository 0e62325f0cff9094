//! Whole-process latency of a command fed a file on standard input, as an agent runs a hook:
//! `cargo run --release --example spawn_latency -- RUNS INPUT BIN ARGS…` prints p50 and p95.
use std::process::{Command, Stdio};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runs: usize = args[0].parse().expect("RUNS");
    let input = std::fs::read(&args[1]).expect("INPUT");
    let mut times = Vec::with_capacity(runs);
    for i in 0..runs + 10 {
        let t = Instant::now();
        let mut child = Command::new(&args[2])
            .args(&args[3..])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        {
            use std::io::Write;
            let mut stdin = child.stdin.take().unwrap();
            let _ = stdin.write_all(&input);
        }
        let status = child.wait().expect("wait");
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        assert!(status.code().is_some(), "killed");
        if i >= 10 {
            times.push(ms); // the first ten warm the page cache
        }
    }
    times.sort_by(f64::total_cmp);
    let p = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    println!("p50 {:.2} ms  p95 {:.2} ms  ({} runs)", p(0.5), p(0.95), runs);
}
