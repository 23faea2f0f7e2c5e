//! Test support: which property keys a piece of the analysis can read, found in its source.
//!
//! A rule's file and every analysis module it names (`crate::analysis::...`, `super::...`), transitively, are
//! searched for the property names as words, outside comments, strings and tests. A module named as a folder counts
//! whole (its files call each other). The answer over-approximates (a word may be a local variable's name), which
//! only makes an edit re-run more than it must; the tables in `reads` must cover it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::model::flow::{FlowField, FlowFields};
use crate::model::named::Named as _;
use crate::model::props::{KeySet, PropertyKey};

/// `src/analysis` of this crate.
pub fn analysis_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/analysis")
}

/// The keys that the code reachable from `start` (a file or a module folder) names.
pub fn reads_of(start: &Path) -> KeySet {
    let mut files = BTreeSet::new();
    include(start, &mut files);
    let mut keys = KeySet::EMPTY;
    for file in &files {
        let code = code_of(&std::fs::read_to_string(file).unwrap_or_default());
        let words: BTreeSet<&str> = code.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).collect();
        for &key in PropertyKey::ALL {
            if words.contains(key.as_str()) {
                keys = keys.with(key);
            }
        }
    }
    keys
}

/// What the code reachable from `start`, leaving out the metrics' own module and what a rule is given
/// (`rule.rs`), reads of the metrics a rule is given (`cx.metrics`): the words after `metrics.`, or `*` when it
/// names `metrics` otherwise (it could read any of them).
pub fn metric_fields(start: &Path) -> Vec<String> {
    let mut files = BTreeSet::new();
    include(start, &mut files);
    let (metrics, rule) = (analysis_dir().join("metrics"), analysis_dir().join("rule.rs"));
    let mut fields = BTreeSet::new();
    for file in files.iter().filter(|file| !file.starts_with(&metrics) && **file != rule) {
        let code = code_of(&std::fs::read_to_string(file).unwrap_or_default());
        let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
        for (at, _) in code.match_indices("metrics") {
            let (before, after) = (&code[..at], &code[at + "metrics".len()..]);
            if before.ends_with(word) || after.starts_with(word) {
                continue;
            }
            let field = after.strip_prefix('.').map(|rest| rest.split(|c: char| !word(c)).next().unwrap_or_default());
            fields.insert(field.filter(|f| !f.is_empty()).unwrap_or("*").to_owned());
        }
    }
    fields.into_iter().collect()
}

/// The methods of `Flow` (`src/model/flow.rs`) and the attributes each reads (`self.field`).
fn flow_methods() -> Vec<(String, FlowFields)> {
    let source = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/model/flow.rs"));
    let code = code_of(&source.unwrap_or_default());
    // A flow's methods and its attributes' (`FlowAttrs`, which the flow's methods of the same name call).
    let mut methods: Vec<(String, FlowFields)> = Vec::new();
    for block in ["impl Flow {", "impl FlowAttrs {"] {
        let Some(start) = code.find(block) else { continue };
        let body = &code[start + block.len()..];
        let body = &body[..matching_brace(body)];
        for part in body.split("pub fn ").skip(1) {
            let name = part.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).next().unwrap_or_default();
            let fields = FlowField::ALL
                .into_iter()
                .filter(|f| {
                    part.match_indices(&format!("self.{}", f.name())).any(|(at, m)| {
                        !part[at + m.len()..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
                    })
                })
                .fold(FlowFields::EMPTY, FlowFields::with);
            match methods.iter_mut().find(|(m, _)| m == name) {
                Some((_, known)) => *known = known.union(fields),
                None => methods.push((name.to_owned(), fields)),
            }
        }
    }
    methods
}

/// The flow attributes the code reachable from `start` reads: `.field` accesses (`.data` only where its owner is a
/// flow: `data.rs` reads components' data, `Hit` carries its own), calls of the `Flow` methods that read them, and
/// `Flow { .. }` patterns (every attribute).
pub fn flow_reads_of(start: &Path) -> FlowFields {
    let mut files = BTreeSet::new();
    include(start, &mut files);
    let methods = flow_methods();
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut fields = FlowFields::EMPTY;
    for file in files.iter().filter(|file| !file.ends_with("analysis/data.rs")) {
        let code = code_of(&std::fs::read_to_string(file).unwrap_or_default());
        for field in FlowField::ALL {
            let access = format!(".{}", field.name());
            let read = match field {
                FlowField::Data => data_reads(&code).iter().any(|owner| owner.contains("flow")),
                _ => code.match_indices(&access).any(|(at, _)| !code[at + access.len()..].starts_with(word)),
            };
            if read {
                fields = fields.with(field);
            }
        }
        for (method, reads) in &methods {
            if code.contains(&format!(".{method}(")) {
                fields = fields.union(*reads);
            }
        }
        if code.contains("Flow {") {
            fields = FlowFields::ALL;
        }
    }
    fields
}

/// Whether the code reachable from `start` (a file or a module folder) holds any of `texts`.
pub fn reaches_any(start: &Path, texts: &[&str]) -> bool {
    let mut files = BTreeSet::new();
    include(start, &mut files);
    files.iter().any(|file| {
        let code = code_of(&std::fs::read_to_string(file).unwrap_or_default());
        texts.iter().any(|text| code.contains(text))
    })
}

/// The analysis files under `dir` (tests left out) whose code reads a field `.field`.
pub fn files_reading_field(dir: &Path, field: &str) -> Vec<PathBuf> {
    let mut files = BTreeSet::new();
    include(dir, &mut files);
    let access = format!(".{field}");
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let reads = |file: &PathBuf| {
        let code = code_of(&std::fs::read_to_string(file).unwrap_or_default());
        code.match_indices(&access).any(|(at, _)| !code[at + access.len()..].starts_with(word))
    };
    files.into_iter().filter(reads).collect()
}

/// Adds `path` (a file, or a folder with every file in it) and what it names, unless already there.
fn include(path: &Path, files: &mut BTreeSet<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> =
            std::fs::read_dir(path).into_iter().flatten().flatten().map(|entry| entry.path()).collect();
        entries.sort();
        for entry in entries {
            if entry.is_dir() || entry.extension().is_some_and(|e| e == "rs") {
                include(&entry, files);
            }
        }
        return;
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    if name.contains("test") || test_only(path) || !files.insert(path.to_owned()) {
        return;
    }
    if path == analysis_dir().join("rule.rs") {
        // What a rule is given: the facts and metrics it names there are computed before the rules, and the live
        // analysis recomputes and compares them itself, so reading them is not reading their properties.
        return;
    }
    let code = code_of(&std::fs::read_to_string(path).unwrap_or_default());
    // The module folder `super::` starts from: a `mod.rs` names its folder's parent, another file its own folder.
    let folder = path.parent().unwrap_or(path);
    let sup = if name == "mod.rs" { folder.parent().unwrap_or(folder) } else { folder };
    for (prefix, base) in [("crate::analysis::", analysis_dir()), ("super::", sup.to_owned())] {
        for (at, _) in code.match_indices(prefix) {
            // Only a path's start: `crate::analysis::` inside `super::` is not one.
            if at > 0 && code[..at].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            resolve(&base, &code[at + prefix.len()..], files);
        }
    }
}

/// Whether the module file `path` is declared for tests only (`#[cfg(test)] mod x;` in its folder's `mod.rs`).
fn test_only(path: &Path) -> bool {
    let (Some(stem), Some(folder)) = (path.file_stem().and_then(|s| s.to_str()), path.parent()) else {
        return false;
    };
    let parent = std::fs::read_to_string(folder.join("mod.rs")).unwrap_or_default();
    parent.contains(&format!("#[cfg(test)]\nmod {stem};"))
}

/// Resolves a path written at the start of `rest` (segments, maybe a `{...}` group) from the folder `base`.
fn resolve(base: &Path, rest: &str, files: &mut BTreeSet<PathBuf>) {
    let mut folder = base.to_owned();
    let mut rest = rest;
    loop {
        if let Some(group) = rest.strip_prefix('{') {
            let inner = &group[..matching_brace(group)];
            for entry in split_top(inner) {
                let entry = entry.trim();
                if entry == "self" || entry.is_empty() {
                    include(&folder, files);
                } else {
                    resolve(&folder, entry, files);
                }
            }
            return;
        }
        let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
        let segment = &rest[..end];
        if segment == "super" {
            folder = folder.parent().unwrap_or(&folder).to_owned();
        } else {
            let file = folder.join(format!("{segment}.rs"));
            if file.is_file() {
                // The facts, named by code that reads them, are computed before the rules and compared by the live
                // analysis itself (as what `rule.rs` gives): reading them is not reading what they read.
                include(&file, files);
                return;
            }
            let sub = folder.join(segment);
            // The facts, named by code that reads them, are computed before the rules and compared by the live
            // analysis itself (as what `rule.rs` gives): reading them is not reading what they read.
            if sub == analysis_dir().join("facts") {
                return;
            }
            if !sub.is_dir() {
                // An item of the module `folder` (or of a module outside the analysis): the module counts whole.
                if folder.starts_with(analysis_dir()) && folder != analysis_dir() {
                    include(&folder, files);
                }
                return;
            }
            folder = sub;
        }
        match rest[end..].strip_prefix("::") {
            Some(next) => rest = next,
            None => {
                include(&folder, files);
                return;
            }
        }
    }
}

/// The position of the `}` closing a group whose `{` came just before `text`.
fn matching_brace(text: &str) -> usize {
    let mut depth = 0;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => return i,
            '}' => depth -= 1,
            _ => {}
        }
    }
    text.len()
}

/// Splits a group's entries at its own commas.
fn split_top(text: &str) -> Vec<&str> {
    let (mut parts, mut depth, mut start) = (Vec::new(), 0, 0);
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// The code of a file without its test module, comments, string and character literals (blanked).
pub fn code_of(source: &str) -> String {
    let source = source.split("\n#[cfg(test)]\nmod tests").next().unwrap_or(source);
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if c == 'r' && (next == Some('"') || next == Some('#')) && !word_before(&chars, i) {
            // A raw string: r"...", r#"..."#.
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            while j < chars.len() {
                if chars[j] == '"' && (0..hashes).all(|h| chars.get(j + 1 + h) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            i = j;
            out.push_str("\"\"");
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' {
            // A character literal ('x', '\n', '\u{..}'); otherwise a lifetime or label.
            let literal = match next {
                Some('\\') => {
                    chars.get(i + 3..).and_then(|rest| rest.iter().position(|&c| c == '\'')).map(|p| i + 4 + p)
                }
                Some(_) if chars.get(i + 2) == Some(&'\'') => Some(i + 3),
                _ => None,
            };
            match literal {
                Some(end) => {
                    out.push_str("' '");
                    i = end;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Whether the character before `i` continues a word (so an `r` there is part of a name, not a raw string).
fn word_before(chars: &[char], i: usize) -> bool {
    i > 0 && (chars[i - 1].is_ascii_alphanumeric() || chars[i - 1] == '_')
}

#[test]
fn comments_strings_and_characters_are_blanked() {
    let code = code_of("a.logging // policy\n let s = \"data\"; let c = '\"'; x.runtime /* engine */ r#\"hardened\"#");
    assert!(code.contains("logging") && code.contains("runtime"), "{code}");
    for hidden in ["policy", "data", "engine", "hardened"] {
        assert!(!code.contains(hidden), "{hidden} in {code}");
    }
}

#[test]
fn paths_reach_the_modules_they_name() {
    let keys = reads_of(&analysis_dir().join("rules/architecture/large_blast_radius.rs"));
    // Through `crate::analysis::blast` (its kubernetes file) and on to `crate::analysis::iam`.
    assert!(keys.contains(PropertyKey::Privileged) && keys.contains(PropertyKey::ManagedPolicies), "{keys:?}");
}

/// The live analysis ignores edits of a component's description: nothing in the analysis may read one (only rule
/// metadata and manual threats have descriptions it reads).
#[test]
fn no_analysis_code_reads_a_component_description() {
    let mut files = BTreeSet::new();
    include(&analysis_dir(), &mut files);
    let mut reads = 0;
    for file in &files {
        let code = code_of(&std::fs::read_to_string(file).unwrap_or_default());
        for (at, _) in code.match_indices(".description") {
            let owner = code[..at].rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).next();
            assert!(matches!(owner, Some("meta" | "threat")), "{}: {:?}.description", file.display(), owner);
            reads += 1;
        }
    }
    assert!(reads >= 2, "the scan found no description read at all");
}

/// The component names `code` (blanked by [`code_of`]) pastes, as `owner.name`, and how many other `.name`s it
/// reads (of contexts, thresholds, managed policies and templates, which are not components'). `x.y().name`
/// shows as `.name`.
fn pasted_names(code: &str) -> (Vec<String>, usize) {
    let (mut pasted, mut others) = (Vec::new(), 0);
    for (at, _) in code.match_indices(".name") {
        let after = code[at + ".name".len()..].chars().next().unwrap_or(' ');
        let before = &code[..at];
        let owner = before.rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).next().unwrap_or_default();
        if after == '(' && owner == "model" {
            // `Model::name`, the compact copy of the names.
            pasted.push("model.name()".to_owned());
            continue;
        }
        if after.is_ascii_alphanumeric() || after == '_' || after == '(' {
            continue;
        }
        let line = before.rsplit('\n').next().unwrap_or_default();
        if matches!(owner, "context" | "from_context" | "to_context" | "t" | "threshold" | "p" | "template")
            || line.contains("contexts")
        {
            others += 1;
        } else {
            pasted.push(format!("{owner}.name"));
        }
    }
    for (at, _) in code.match_indices("Component {") {
        let fields = code[at..].split('}').next().unwrap_or_default();
        if fields.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).any(|w| w == "name") {
            pasted.push("Component { name .. }".to_owned());
        }
    }
    (pasted, others)
}

/// A rename rewrites only the names the analysis writes through `quote::name` / `quote::name_of`: no analysis code
/// may paste a component's `.name` or take it out of a `Component`. Responsibility's adjustments name hosts, but the
/// live analysis redoes responsibility on a rename.
#[test]
fn no_analysis_code_pastes_a_component_name() {
    let mut files = BTreeSet::new();
    include(&analysis_dir(), &mut files);
    let (mut pasted, mut others) = (Vec::new(), 0);
    for file in &files {
        let (found, other) = pasted_names(&code_of(&std::fs::read_to_string(file).unwrap_or_default()));
        others += other;
        // `quote.rs` is where names are written; responsibility is redone.
        if !file.ends_with("quote.rs") && !file.ends_with("responsibility/adjust.rs") {
            pasted.extend(found.into_iter().map(|f| format!("{}: {f}", file.display())));
        }
    }
    assert!(pasted.is_empty(), "write names through quote::name: {pasted:#?}");
    assert!(others >= 5, "the scan found no name at all");
}

#[test]
fn pasted_names_are_seen() {
    let code = code_of(
        "format!(\"{} calls {} in {}\", caller.name, quote::name(callee), context.name); // callee.name\n\
         let Component { id, name, .. } = c; let n = model.component(c).name.len(); model.name(c);",
    );
    let (pasted, others) = pasted_names(&code);
    assert_eq!(pasted, ["caller.name", ".name", "model.name()", "Component { name .. }"], "{code}");
    assert_eq!(others, 1);
}

/// The owners of the `.data` fields `code` (blanked by [`code_of`]) reads (not writes): the word before `.data`, or
/// before the call whose result it is (`model.flow(f).data` is `flow`'s), and whether it takes a
/// `Properties { data, .. }` apart.
fn data_reads(code: &str) -> Vec<String> {
    let mut owners = Vec::new();
    for (at, _) in code.match_indices(".data") {
        let after = code[at + ".data".len()..].chars().next().unwrap_or(' ');
        let rest = code[at + ".data".len()..].trim_start();
        let assigned = rest.starts_with('=') && !rest.starts_with("==");
        if after.is_ascii_alphanumeric() || after == '_' || after == '(' || assigned {
            continue;
        }
        let mut before = code[..at].trim_end();
        if before.ends_with(')') {
            // Back to the call's opening parenthesis.
            let mut depth = 0;
            for (i, c) in before.char_indices().rev() {
                match c {
                    ')' => depth += 1,
                    '(' => depth -= 1,
                    _ => {}
                }
                if depth == 0 {
                    before = &before[..i];
                    break;
                }
            }
        }
        let owner = before.rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).next().unwrap_or_default();
        owners.push(owner.to_owned());
    }
    for (at, _) in code.match_indices("Properties {") {
        let fields = code[at..].split('}').next().unwrap_or_default();
        if fields.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).any(|w| w == "data") {
            owners.push("Properties { data .. }".to_owned());
        }
    }
    owners
}

/// A live analysis re-runs a stage after an edit of a component's `data` only when the stage read that component's
/// data, which it notes in `data.rs`: no other analysis code may read a component's `data` (a flow's own `data` it
/// may). `live` itself reads no data, it names the key.
#[test]
fn no_analysis_code_reads_a_component_data_but_through_data_rs() {
    let mut files = BTreeSet::new();
    include(&analysis_dir(), &mut files);
    let (mut read, mut allowed) = (Vec::new(), 0);
    for file in &files {
        if file.ends_with("analysis/data.rs") {
            continue;
        }
        for owner in data_reads(&code_of(&std::fs::read_to_string(file).unwrap_or_default())) {
            // A flow's data, or the data at stake that a hit (`Hit::with_data`) or a rule's own tally carries.
            if owner.contains("flow") || matches!(owner.as_str(), "self" | "hit" | "gap") {
                allowed += 1;
            } else {
                read.push(format!("{}: {owner}.data", file.display()));
            }
        }
    }
    assert!(read.is_empty(), "read a component's data through analysis::data: {read:#?}");
    assert!(allowed >= 3, "the scan found no flow's data at all");
}

#[test]
fn data_reads_are_seen() {
    let code = code_of(
        "let a = model.props(c).data; let b = props.data.as_ref(); let c = model.flow(f).data; // x.data\n\
         let d = flow.data.max(x); let Properties { exposure, data, .. } = p; let e = data(c); let g = x.data_of;\n\
         p.data = None; let h = x.data == y;",
    );
    assert_eq!(data_reads(&code), ["props", "props", "flow", "flow", "x", "Properties { data .. }"], "{code}");
}

/// The analysis files (relative to `src/analysis`) whose code, outside comments, strings and tests, holds `text`.
fn files_with(text: &str) -> Vec<String> {
    let mut files = BTreeSet::new();
    include(&analysis_dir(), &mut files);
    let holds = |file: &&PathBuf| code_of(&std::fs::read_to_string(file).unwrap_or_default()).contains(text);
    let relative = |file: &PathBuf| file.strip_prefix(analysis_dir()).unwrap_or(file).display().to_string();
    files.iter().filter(holds).map(relative).collect()
}

/// The live analysis brings only the findings' status and notes, the risk totals and the stale entries in line
/// after an edit of triage: no other analysis code may read the triage entries.
#[test]
fn only_findings_read_triage() {
    let reads = files_with(".triage");
    // `mod.rs` makes the findings; `live/mod.rs` brings them in line (its code past `mod tests;` is not scanned).
    assert!(reads.iter().all(|f| f == "mod.rs" || f == "live/mod.rs"), "read the triage entries: {reads:?}");
    assert!(reads.iter().any(|f| f == "mod.rs"), "the scan found no triage read at all");
}

/// A rule's own settings reach it in its context (`cx.settings`), so an edit of one rule's settings re-runs that rule
/// only: no other analysis code may read the rule settings.
#[test]
fn only_the_rule_context_reads_rule_settings() {
    let reads = files_with("settings.rules");
    // `mod.rs` hands a rule its settings (and checks them for the command line).
    assert_eq!(reads, ["mod.rs"], "read the rule settings");
}

/// After an edit of boundaries the live analysis finds the facts again and, when they come out the same, redoes
/// nothing else: no other analysis code may read boundaries.
#[test]
fn only_the_facts_read_boundaries() {
    assert_eq!(files_with("boundaries"), ["facts/mod.rs", "facts/shift.rs"], "read boundaries");
}

#[test]
fn flow_methods_are_read_from_the_model() {
    let methods = flow_methods();
    let of = |name: &str| methods.iter().find(|(m, _)| m == name).map(|&(_, f)| f);
    assert_eq!(of("is_encrypted"), Some(FlowFields::of(&[FlowField::Protocol, FlowField::Encrypted])));
    assert_eq!(
        of("authentication_strength"),
        Some(FlowFields::of(&[FlowField::Authentication, FlowField::Credential]))
    );
}

/// Places in `code` that read a diagram's `list` (`flows`, `components`) as a field (`.list` not followed by `(`, and
/// not a range's `..list`), which the model's getters would not note ([`crate::model::structure`]).
fn field_reads(code: &str, list: &str) -> usize {
    let field = format!(".{list}");
    code.match_indices(&field)
        .filter(|&(i, _)| {
            let next = code[i + field.len()..].chars().next();
            !code[..i].ends_with('.') && !next.is_some_and(|c| c == '(' || c == '_' || c.is_alphanumeric())
        })
        .count()
}

fn flow_field_reads(code: &str) -> usize {
    field_reads(code, "flows")
}

fn component_field_reads(code: &str) -> usize {
    field_reads(code, "components")
}

/// The analysis files (relative to `src/analysis`) whose code `matches`.
fn analysis_files_where(matches: impl Fn(&str) -> bool) -> Vec<String> {
    let mut files = BTreeSet::new();
    include(&analysis_dir(), &mut files);
    assert!(files.len() > 50, "the scan found {} files", files.len());
    files
        .iter()
        .filter(|file| matches(&code_of(&std::fs::read_to_string(file).unwrap_or_default())))
        .map(|file| file.strip_prefix(analysis_dir()).unwrap_or(file).display().to_string())
        .collect()
}

/// A live analysis redoes, after flows were added, removed or re-pointed, only the stages that read the flow
/// structure through the model's getters: no analysis code may read the diagram's flows directly.
#[test]
fn no_analysis_code_reads_the_flows_but_through_the_model() {
    let reads = analysis_files_where(|code| flow_field_reads(code) > 0);
    assert!(reads.is_empty(), "read the diagram's flows as a field: {reads:?}");
}

/// A live analysis re-runs, after a component was added or removed, only the stages that read which components there
/// are through the model's getters: no analysis code may read the diagram's components directly.
#[test]
fn no_analysis_code_reads_the_components_but_through_the_model() {
    let reads = analysis_files_where(|code| component_field_reads(code) > 0);
    assert!(reads.is_empty(), "read the diagram's components as a field: {reads:?}");
    // Only quoting finds a component's position without noting it.
    assert_eq!(analysis_files_where(|code| code.contains("component_slice")), ["quote.rs"]);
}

/// A live analysis re-runs, after a move, only the stages that read where a moved component sits through the model's
/// noted getters (`parent`, `ancestors`, `depth`, `children`, and the facts): no analysis code may read a component's
/// parent as a field. The blast radius's search keeps a `parent` array of its own.
#[test]
fn no_analysis_code_reads_a_parent_but_through_the_model() {
    let reads = analysis_files_where(|code| field_reads(code, "parent") > 0);
    assert_eq!(reads, ["blast/search.rs"], "read a parent as a field");
    let own = |file: &str| code_of(&std::fs::read_to_string(analysis_dir().join(file)).unwrap_or_default());
    assert!(own("blast/search.rs").contains("parent: Vec<u32>"));
}

#[test]
fn component_field_reads_are_seen() {
    let code = "let a = model.components(); let b = d.components.len(); x.components_of; 0..components; c.component";
    assert_eq!(component_field_reads(code), 1);
}

#[test]
fn flow_field_reads_are_seen() {
    let code = "let a = model.flows(); let b = d.flows.len(); let c = diagram().flows; x.flows_of; y.flowsy; 0..flows";
    assert_eq!(flow_field_reads(code), 2);
}
