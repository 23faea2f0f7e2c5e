//! `docs/file-format.md`'s reference tables (component fields, kinds, properties, flow fields) are the ones the
//! registries generate. After changing a registry, run `TRUSTMAP_BLESS=1 cargo test --test docs` to rewrite them.

#[test]
fn file_format_tables_agree_with_the_registry() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/file-format.md");
    let document = std::fs::read_to_string(path).unwrap();
    let (refreshed, missing) = trustmap::model::reference::refresh(&document);
    assert!(missing.is_empty(), "docs/file-format.md lacks the markers of {missing:?}");
    assert_eq!(trustmap::model::reference::tables().len(), 6, "every table is checked");
    if std::env::var_os("TRUSTMAP_BLESS").is_some() {
        std::fs::write(path, &refreshed).unwrap();
        return;
    }
    assert!(
        refreshed == document,
        "docs/file-format.md is out of date with the registry; run TRUSTMAP_BLESS=1 cargo test --test docs"
    );
}
