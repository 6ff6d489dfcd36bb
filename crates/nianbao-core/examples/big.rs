fn main() {
    let seed = std::fs::read_to_string("tests/fixtures/002_57935d37ad0b2f69.txt").unwrap();
    let big = seed.repeat(5 * 1024 * 1024 / seed.len());
    let t = std::time::Instant::now();
    let r = nianbao_core::parse::parse(&big);
    eprintln!("parse {:?} sections {}", t.elapsed(), r.sections.len());
    let t = std::time::Instant::now();
    let d = nianbao_core::check_report(&big, &r, &Default::default());
    eprintln!("check {:?} diags {}", t.elapsed(), d.len());
}
