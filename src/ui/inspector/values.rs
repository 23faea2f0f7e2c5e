//! Value widgets generated from the property registry's value types: a choice with "default" for booleans and
//! enumerations, checkboxes for lists of choices, text fields (committed on Enter or when focus leaves) for texts,
//! numbers and lists, and a JSON field for objects. Each returns the new value as JSON (`null`: back to the
//! default) only when the user changed it, so the caller makes exactly one edit.

use std::collections::HashMap;

use serde_json::Value;

use crate::model::props::ValueType;

/// Text being typed, by field, so a field keeps what the user types until it is committed.
#[derive(Default)]
pub struct Drafts {
    texts: HashMap<egui::Id, String>,
}

impl Drafts {
    /// A text field showing `current`; returns the text when the user committed a change (Enter or focus left).
    pub fn text(
        &mut self,
        ui: &mut egui::Ui,
        key: egui::Id,
        current: &str,
        multiline: bool,
        hint: &str,
    ) -> Option<String> {
        let mut text = self.texts.get(&key).cloned().unwrap_or_else(|| current.to_owned());
        let edit = if multiline {
            egui::TextEdit::multiline(&mut text).desired_rows(3)
        } else {
            egui::TextEdit::singleline(&mut text)
        };
        let response = ui.add(edit.id(key).hint_text(hint).desired_width(f32::INFINITY)).accessible_name(hint);
        if response.has_focus() {
            self.texts.insert(key, text.clone());
            None
        } else {
            self.texts.remove(&key);
            (response.lost_focus() && text != current).then_some(text)
        }
    }
}

fn short(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Bool(true) => "yes".to_owned(),
        Value::Bool(false) => "no".to_owned(),
        Value::Null => "unknown".to_owned(),
        other => other.to_string(),
    }
}

fn list_text(value: Option<&Value>) -> String {
    match value {
        Some(Value::Array(items)) => items.iter().map(short).collect::<Vec<_>>().join(", "),
        Some(v) => short(v),
        None => String::new(),
    }
}

fn split_list(text: &str) -> Value {
    let items: Vec<Value> =
        text.split(',').map(str::trim).filter(|s| !s.is_empty()).map(|s| Value::from(s.to_owned())).collect();
    if items.is_empty() { Value::Null } else { Value::Array(items) }
}

/// A choice among `options` (as written in files) plus "default (…)", or "unknown" for a property without a default
/// (the diagram does not say, so rules that need it assume nothing from it); returns the new value when changed.
fn choice(
    ui: &mut egui::Ui,
    key: egui::Id,
    name: &str,
    current: Option<&Value>,
    default: Option<&Value>,
    options: &[Value],
) -> Option<Value> {
    let default_text =
        default.map_or_else(|| "unknown (not in the diagram)".to_owned(), |d| format!("default ({})", short(d)));
    let selected = current.map_or_else(|| default_text.clone(), short);
    let mut picked = None;
    crate::ui::widgets::combo(ui, key, name, selected, Some(ui.available_width()), |ui| {
        if ui.selectable_label(current.is_none(), &default_text).clicked() && current.is_some() {
            picked = Some(Value::Null);
        }
        for option in options {
            if ui.selectable_label(current == Some(option), short(option)).clicked() && current != Some(option) {
                picked = Some(option.clone());
            }
        }
    });
    picked
}

/// The widget for one value of type `value`; the new JSON value when the user changed it.
pub fn value_ui(
    ui: &mut egui::Ui,
    drafts: &mut Drafts,
    key: egui::Id,
    name: &str,
    value: ValueType,
    current: Option<&Value>,
    default: Option<&Value>,
) -> Option<Value> {
    // Also the field's accessible name, so never empty.
    let hint = default.map_or_else(|| format!("{name}: unknown"), |d| format!("default: {}", list_text(Some(d))));
    match value {
        ValueType::Bool => choice(ui, key, name, current, default, &[Value::Bool(true), Value::Bool(false)]),
        ValueType::Choice(spellings) => {
            let options: Vec<Value> = spellings.iter().map(|s| Value::from(*s)).collect();
            choice(ui, key, name, current, default, &options)
        }
        ValueType::ChoiceList(spellings) => {
            let chosen: Vec<&str> = match current {
                Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            };
            let mut changed = None;
            ui.horizontal_wrapped(|ui| {
                for spelling in spellings {
                    let mut on = chosen.contains(spelling);
                    if ui.checkbox(&mut on, *spelling).changed() {
                        let mut next: Vec<&str> = chosen.iter().copied().filter(|s| s != spelling).collect();
                        if on {
                            next.push(spelling);
                        }
                        changed = Some(if next.is_empty() {
                            Value::Null
                        } else {
                            Value::Array(next.into_iter().map(Value::from).collect())
                        });
                    }
                }
            });
            changed
        }
        ValueType::Integer { .. } => {
            let shown = current.map_or_else(String::new, short);
            let text = drafts.text(ui, key, &shown, false, &hint)?;
            let text = text.trim();
            Some(if text.is_empty() {
                Value::Null
            } else {
                text.parse::<i64>().map_or_else(|_| Value::from(text.to_owned()), Value::from)
            })
        }
        ValueType::Text(_) | ValueType::Reference(_) => {
            let shown = current.map_or_else(String::new, short);
            let text = drafts.text(ui, key, &shown, false, &hint)?;
            let text = text.trim();
            Some(if text.is_empty() { Value::Null } else { Value::from(text.to_owned()) })
        }
        ValueType::TextList(_) | ValueType::ReferenceList(_) => {
            let shown = list_text(current);
            let text = drafts.text(ui, key, &shown, false, &format!("comma-separated; {hint}"))?;
            Some(split_list(&text))
        }
        ValueType::Object(_) | ValueType::ObjectList(_) => {
            let shown = current.map_or_else(String::new, |v| serde_json::to_string_pretty(v).unwrap_or_default());
            let example = serde_json::to_string(&value.example()).unwrap_or_default();
            let text = drafts.text(ui, key, &shown, true, &format!("JSON, e.g. {example}"))?;
            if text.trim().is_empty() {
                return Some(Value::Null);
            }
            // A value that is not JSON is handed on as text, so the registry's check says what is wrong.
            Some(serde_json::from_str(&text).unwrap_or(Value::String(text)))
        }
    }
}
