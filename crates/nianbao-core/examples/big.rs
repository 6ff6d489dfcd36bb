//! Profiling aid: checks seed reports many times (run under callgrind or perf).
//!
//! `big [N] [FILE…]`: N rounds (default 1000) over the files (default: the five seeds).
//! With `BIG_PARSE_ONLY=1` only the parser runs; with `BIG_ONLY=NB301` (or `BIG_ONLY=none`)
//! only that rule is on; with `BIG_DECODE=1` only `source::decode` runs.

/// The allocator the `nianbao` binary runs the engine with (src/main.rs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let mut paths: Vec<String> = args.collect();
    if paths.is_empty() {
        paths = std::fs::read_dir("tests/fixtures")
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .map(|p| p.display().to_string())
            .collect();
        paths.sort();
    }
    let texts: Vec<String> = paths.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect();
    let parse_only = std::env::var_os("BIG_PARSE_ONLY").is_some();
    let decode_only = std::env::var_os("BIG_DECODE").is_some();
    let mut settings = nianbao_core::Settings::default();
    if let Ok(only) = std::env::var("BIG_ONLY") {
        for rule in nianbao_core::rules::RULES {
            if rule.code != only {
                settings.rules.insert(rule.code.to_string(), nianbao_core::RuleLevel::Off);
            }
        }
    }
    let t = std::time::Instant::now();
    let mut total = 0;
    for _ in 0..n {
        for text in &texts {
            total += if decode_only {
                nianbao_core::source::decode(std::hint::black_box(text.as_bytes())).map_or(0, |d| d.text.len())
            } else if parse_only {
                nianbao_core::parse::parse(std::hint::black_box(text)).tables.len()
            } else {
                nianbao_core::check(std::hint::black_box(text), &settings).len()
            };
        }
    }
    eprintln!("{:?} per check ({total} findings)", t.elapsed() / (n * texts.len()) as u32);
}
