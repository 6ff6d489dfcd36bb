//! Every cell of tables 二, 三 and 四 of every seed report is located.

mod common;

use nianbao_core::model::{TableKind, Value};
use nianbao_core::parse::parse;

#[test]
fn seeds_parse_completely() {
    for (name, text) in common::seeds() {
        let r = parse(&text);
        let ids: Vec<u8> = r.sections.iter().map(|s| s.id).collect();
        assert_eq!(ids, vec![1, 2, 3, 4, 5, 6], "{name}: sections");
        let title = r.title.as_ref().unwrap_or_else(|| panic!("{name}: no title"));
        assert_eq!(title.year, Some(2023), "{name}");
        let t2 = r.table(TableKind::Two).unwrap_or_else(|| panic!("{name}: no table 2"));
        let ids: Vec<usize> = t2.rows.iter().map(|r| r.id).collect();
        assert_eq!(ids, vec![0, 1, 2, 3, 4, 5], "{name}: table 2 rows");
        for row in &t2.rows {
            assert_eq!(
                row.cells.len(),
                r.row_template(TableKind::Two, row.id).columns.len(),
                "{name}: t2 row {}",
                row.id
            );
        }
        let t3 = r.table(TableKind::Three).unwrap_or_else(|| panic!("{name}: no table 3"));
        let ids: Vec<usize> = t3.rows.iter().map(|r| r.id).collect();
        assert_eq!(ids, (0..25).collect::<Vec<_>>(), "{name}: table 3 rows");
        for row in &t3.rows {
            assert_eq!(row.cells.len(), 7, "{name}: t3 row {} {:?}", row.id, &text[row.span.clone()]);
            for c in &row.cells {
                assert!(matches!(c.value, Value::Int(_)), "{name}: t3 row {} {:?}", row.id, c);
            }
        }
        let t4 = r.table(TableKind::Four).unwrap_or_else(|| panic!("{name}: no table 4"));
        assert_eq!(t4.rows.len(), 1);
        assert_eq!(t4.rows[0].cells.len(), 15, "{name}: table 4");
        assert!(r.unread.is_empty(), "{name}: unread {:?}", r.unread);
    }
}
