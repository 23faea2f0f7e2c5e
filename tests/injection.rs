//! Output that cannot be injected: names, titles, unknown values and file names with terminal control sequences or
//! newlines reach neither the terminal raw (text reports, `blast`, every message on stderr) nor Markdown as markup.
#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

use serde_json::json;

#[path = "support/in_process.rs"]
mod in_process;

use in_process::run;

fn write(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("trustmap-injection-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

/// Every hostile sequence the terminal must not receive raw.
const HOSTILE: &[&str] = &[
    "\u{1b}[31mred",
    "\u{1b}]0;window title\u{7}",
    "\u{1b}]8;;https://evil.example\u{1b}\\link\u{1b}]8;;\u{1b}\\",
    "\u{1b}[2J\u{1b}[H",
    "bell\u{7}",
    "erase\u{8}\u{8}",
    "\u{9b}1m",
    "line\nCRITICAL  fake@finding",
    "over\rwrite",
];

fn assert_terminal_safe(what: &str, text: &str) {
    for (i, c) in text.char_indices() {
        assert!(c == '\n' || !c.is_control(), "{what}: raw {c:?} at {i} in\n{text}");
    }
    assert!(!text.lines().any(|line| line.starts_with("CRITICAL  fake")), "{what}: a fake line in\n{text}");
}

fn hostile_diagram() -> serde_json::Value {
    let names: Vec<serde_json::Value> = HOSTILE
        .iter()
        .enumerate()
        .map(|(i, name)| json!({ "id": format!("s{i}"), "kind": "generic-service", "name": name }))
        .collect();
    let mut components = names;
    components.push(json!({ "id": "inet", "kind": "internet", "name": "inet\u{1b}[5m" }));
    let flows: Vec<serde_json::Value> = (0..HOSTILE.len())
        .map(|i| {
            json!({ "id": format!("f{i}"), "from": "inet", "to": format!("s{i}"), "pattern": "sync-request",
                         "protocol": "http" })
        })
        .collect();
    json!({ "format": "trustmap", "version": 1, "settings": { "title": HOSTILE.concat() },
            "components": components, "flows": flows,
            "contexts": [{ "id": "ctx", "name": "ctx\u{1b}[8m\nCRITICAL  fake@finding", "members": ["s0"] }] })
}

#[test]
fn text_reports_and_blast_escape_control_characters() {
    let file = write("hostile.json", &hostile_diagram().to_string());
    let (code, text, err) = run(&["check", &file]);
    assert_eq!(code, 0, "{err}");
    assert!(text.contains("\\x1b]0;window title\\x07"), "{text}");
    assert_terminal_safe("check", &text);
    let (code, text, err) = run(&["blast", &file, "--from", "inet", "--path", "s0"]);
    assert_eq!(code, 0, "{err}");
    assert_terminal_safe("blast", &text);
    let (_, text, _) = run(&["validate", &file]);
    assert_terminal_safe("validate", &text);
}

#[test]
fn messages_escape_values_and_file_names() {
    let bad = json!({ "format": "trustmap", "version": 1,
        "components": [{ "id": "x", "kind": "\u{1b}]0;pwned\u{7}\nCRITICAL  fake@finding", "name": "x" }] });
    let file = write("bad\u{1b}[31m.json", &bad.to_string());
    let (code, _, err) = run(&["validate", &file]);
    assert_eq!(code, 1);
    assert!(
        err.contains("bad\\x1b[31m.json: $.components[0].kind: unknown kind \"\\x1b]0;pwned\\x07\\nCRITICAL"),
        "{err}"
    );
    assert_terminal_safe("validate stderr", &err);
    let good = write("good.json", &hostile_diagram().to_string());
    for args in [
        vec!["blast", good.as_str(), "--from", "\u{1b}[2Jnope"],
        vec!["blast", good.as_str(), "--from", "s0", "--path", "\u{9b}31m"],
        vec!["check", "\u{1b}]8;;x\u{1b}\\missing.json"],
        vec!["check", good.as_str(), "--format", "\u{1b}[31mhtml"],
    ] {
        let (code, out, err) = run(&args);
        assert_eq!(code, 2, "{args:?}: {out}");
        assert!(!err.is_empty(), "{args:?}");
        assert_terminal_safe(&format!("{args:?}"), &err);
    }
}

#[test]
fn markdown_keeps_names_as_text() {
    let mut diagram = hostile_diagram();
    diagram["settings"]["title"] = json!("1. `x` <img src=x onerror=alert(1)> @team $a$ &amp; www.evil.example");
    let file = write("markdown.json", &diagram.to_string());
    let (code, md, err) = run(&["check", &file, "--format", "markdown"]);
    assert_eq!(code, 0, "{err}");
    let title = md.lines().next().unwrap();
    assert_eq!(
        title,
        "# Threat report: 1\\. \\`x\\` \\<img src=x onerror=alert(1)\\> @&#8203;team \\$a\\$ \\&amp; www\\.evil.example"
    );
    assert!(!md.contains('\u{1b}') && !md.contains('\u{9b}'));
    assert!(!md.lines().any(|line| line.starts_with("CRITICAL")), "{md}");
}
