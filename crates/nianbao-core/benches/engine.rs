//! Engine benchmarks: checking one seed report, and throughput over a corpus of many reports
//! measured side by side with the floor of reading the text once (a memchr line count).

/// The allocator the `nianbao` binary runs the engine with (src/main.rs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use nianbao_core::{check, Settings};
use std::hint::black_box;
use std::path::PathBuf;

fn seeds() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| (p.file_stem().unwrap().to_string_lossy()[..3].to_string(), std::fs::read_to_string(&p).unwrap()))
        .collect();
    out.sort();
    out
}

fn one_report(c: &mut Criterion) {
    let settings = Settings::default();
    let mut g = c.benchmark_group("check_one_seed");
    for (name, text) in seeds() {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(name), &text, |b, t| b.iter(|| check(black_box(t), &settings)));
    }
    g.finish();
}

fn corpus(c: &mut Criterion) {
    let settings = Settings::default();
    // 2,000 reports (≈12 MB), each checked as its own document, as `nianbao check DIR` does.
    let docs: Vec<String> = seeds().into_iter().map(|(_, t)| t).cycle().take(2000).collect();
    let bytes: usize = docs.iter().map(String::len).sum();
    let mut g = c.benchmark_group("corpus_2000_reports");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(20);
    g.bench_function("nianbao_check", |b| {
        b.iter(|| docs.iter().map(|d| check(black_box(d), &settings).len()).sum::<usize>())
    });
    g.bench_function("memchr_line_count_floor", |b| {
        b.iter(|| docs.iter().map(|d| memchr::memchr_iter(b'\n', black_box(d.as_bytes())).count()).sum::<usize>())
    });
    g.finish();
}

criterion_group!(benches, one_report, corpus);
criterion_main!(benches);
