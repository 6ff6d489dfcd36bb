//! Profiling aid: checks one seed report many times (run under callgrind or perf).
fn main() {
    let seed = std::fs::read_to_string("tests/fixtures/002_57935d37ad0b2f69.txt").unwrap();
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1000);
    let t = std::time::Instant::now();
    let mut total = 0;
    for _ in 0..n {
        total += nianbao_core::check(std::hint::black_box(&seed), &Default::default()).len();
    }
    eprintln!("{:?} per check ({total})", t.elapsed() / n as u32);
}
